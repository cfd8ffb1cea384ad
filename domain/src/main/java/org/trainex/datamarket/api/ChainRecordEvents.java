package org.trainex.datamarket.api;

import java.util.List;
import java.util.UUID;
import org.trainex.shared.api.ChainReceipt;
import org.trainex.shared.api.DomainEvent;

/**
 * What the chain gateway announces about the data market's records once a transaction is mined with enough
 * confirmations (DESIGN.md, "The chain is the public record"; DataBright, seed 000, Section 2). Published in the
 * transaction that confirms the outbox row; consumed by the data market ({@code <Event>Consumer} MDBs), each once
 * per event id.
 */
public final class ChainRecordEvents {
    private ChainRecordEvents() {
    }

    /**
     * A registry batch is on chain ({@code DataRegistry.BatchAnchored}).
     *
     * @param batchId      the batch (its outbox request id)
     * @param chainBatchId id the DataRegistry contract assigned
     * @param merkleRoot   {@code 0x} + 64 hex
     * @param proofs       one per entry, in leaf order
     */
    public record RegistryBatchAnchored(UUID eventId, UUID batchId, long chainBatchId, String merkleRoot,
                                        ChainReceipt receipt, List<EntryProof> proofs) implements DomainEvent {
        public RegistryBatchAnchored {
            proofs = List.copyOf(proofs);
        }
    }

    /** An entry's place in its batch: leaf index and sibling hashes ({@code 0x} hex) from leaf to root. */
    public record EntryProof(UUID entryId, int leafIndex, List<String> proof) {
        public EntryProof {
            proof = List.copyOf(proof);
        }
    }

    /** A registry batch's contributor shares are minted ({@code ShareToken.SharesMinted}, one per contributor). */
    public record RegistrySharesMinted(UUID eventId, UUID batchId, ChainReceipt receipt) implements DomainEvent {
    }

    /** A curator token grant is minted ({@code CuratorToken.Transfer} from the zero address). */
    public record CuratorTokensMinted(UUID eventId, UUID grantId, ChainReceipt receipt) implements DomainEvent {
    }

    /**
     * A proposal's final tally is on chain ({@code CurationVoting.TallyRecorded}).
     *
     * @param ballotsRoot the ballots' Merkle root, {@code 0x} + 64 lower-case hex (zero without ballots)
     */
    public record CurationTallyAnchored(UUID eventId, UUID proposalId, String ballotsRoot, ChainReceipt receipt)
            implements DomainEvent {
    }

    /** A data fee is credited to the shareholders on chain ({@code ComputeEscrow.DataFeePaid}). */
    public record DataFeePaid(UUID eventId, UUID usageId, ChainReceipt receipt) implements DomainEvent {
    }
}
