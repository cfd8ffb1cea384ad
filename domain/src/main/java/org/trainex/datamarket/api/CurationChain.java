package org.trainex.datamarket.api;

import java.util.UUID;

/**
 * What the curation submits to the chain outbox, and the chain gateway's confirmations back (DESIGN.md, "The chain
 * is the public record": votes' results are anchored, bulk votes as a Merkle root with on-chain inclusion checks).
 */
public interface CurationChain {
    /**
     * Outbox kind: mint curator tokens. Payload {@code {"grantId": uuid, "holder": checksummed address,
     * "amount": "decimal base units"}}. The CuratorToken delegates minted tokens to their holder when it has not
     * delegated yet, so they vote at once.
     */
    String MINT_CURATOR_TOKENS_KIND = "MINT_CURATOR_TOKENS";

    /**
     * Outbox kind: record a proposal's final tally on {@code CurationVoting.recordTally}. Payload
     * {@code {"proposalId": uuid, "proposalKey": "0x" + 64 hex (bytes32 of the UUID, left-padded), "snapshotBlock":
     * n, "yesVotes": "decimal", "noVotes": "decimal", "accepted": bool, "ballots": [{"holder": checksummed address,
     * "support": bool, "weight": "decimal"}]}}. One ballot per weight source: a curator who voted, or a delegator
     * whose weight its delegate (a curator or the oracle) cast; its weight equals the holder's
     * {@code getPastVotes(holder, snapshotBlock)}. The gateway builds the ballots' Merkle root (OpenZeppelin
     * StandardMerkleTree, leaf types {@code [address, bool, uint256]}) and records it with the tally.
     */
    String RECORD_TALLY_KIND = "RECORD_CURATION_TALLY";

    /** The gateway's confirmation of a curator token grant. Repeated confirmations change nothing. */
    void curatorTokensMinted(UUID grantId, String txHash, long blockNumber);

    /**
     * The gateway's confirmation that a tally is on chain, with the ballots' Merkle root it recorded. Repeated
     * confirmations change nothing.
     *
     * @throws org.trainex.shared.api.NotFoundException if the proposal is unknown
     */
    void tallyAnchored(UUID proposalId, String ballotsRoot, String txHash, long blockNumber);
}
