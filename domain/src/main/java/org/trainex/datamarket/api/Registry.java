package org.trainex.datamarket.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The data registry (DataBright, seed 000, Section 2): accepted data as immutable entries whose contributors are
 * shareholders, anchored on chain in Merkle batches by the chain gateway.
 */
public interface Registry {
    /**
     * Outbox request kind the registry submits for a batch. Its JSON payload: {@code {"batchId": uuid, "registryId":
     * "0x" + 64 hex (bytes32: the registry UUID's 16 bytes, left-padded), "entries": [{"entryId": uuid,
     * "contentDigest": "0x" + 64 hex, "contributor": checksummed address, "sampleCount": n, "shares":
     * "decimal"}]}}, entries in leaf order.
     */
    String ANCHOR_BATCH_KIND = "ANCHOR_REGISTRY_BATCH";

    /**
     * Outbox request kind that mints a batch's contributor shares on the ShareToken (DataBright, seed 000,
     * Section 2: contributors become shareholders). Payload: {@code {"batchId": uuid, "registryId": "0x" + 64 hex
     * (the ERC-1155 token id), "contributors": [checksummed addresses], "amounts": ["decimal"]}}.
     */
    String MINT_SHARES_KIND = "MINT_REGISTRY_SHARES";

    /**
     * The chain gateway's confirmation that a batch is on chain.
     *
     * @param batchId      the batch (the outbox request id)
     * @param chainBatchId id assigned by the DataRegistry contract (from its BatchAnchored event)
     * @param merkleRoot   0x hex root
     * @param txHash       transaction hash
     * @param blockNumber  block number
     * @param proofs       one per entry, in leaf order
     */
    record AnchoredBatch(UUID batchId, long chainBatchId, String merkleRoot, String txHash, long blockNumber,
                         List<EntryProof> proofs) {
    }

    /** An entry's place in its batch: leaf index and sibling hashes (0x hex) from leaf to root. */
    record EntryProof(UUID entryId, int leafIndex, List<String> proof) {
    }

    /**
     * Records a confirmed batch; entries become ANCHORED. A second confirmation of the same batch changes nothing.
     *
     * @throws org.trainex.shared.api.NotFoundException if the batch is unknown
     * @throws IllegalStateException                    if the proofs do not list the batch's entries in order
     */
    void batchAnchored(AnchoredBatch batch);

    /**
     * The chain gateway's confirmation that a batch's shares are minted. A second confirmation changes nothing.
     *
     * @throws org.trainex.shared.api.NotFoundException if the batch is unknown
     */
    void sharesMinted(UUID batchId, String txHash, long blockNumber);

    /** Newest first. */
    List<RegistryEntryView> entries();

    /** The entry of a dataset, if it was entered in a registry. */
    Optional<RegistryEntryView> entryOfDataset(UUID datasetId);
}
