package org.trainex.datamarket.api;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registry entry as clients see it, with its anchoring once on chain.
 *
 * @param id                entry id
 * @param datasetId         the registered dataset
 * @param registryId        the registry (data request) it belongs to
 * @param contentDigest     SHA-256 of the dataset manifest, 64 hex digits (the leaf's contentDigest on chain)
 * @param contributorWallet checksummed contributor address (the shareholder)
 * @param sampleCount       samples in the entry
 * @param shares            shares minted for it (one per sample)
 * @param state             PENDING, BATCHED or ANCHORED
 * @param leafIndex         position in its Merkle batch
 * @param merkleProof       sibling hashes (0x hex) from the leaf to the root
 * @param merkleRoot        root of its batch (0x hex)
 * @param chainBatchId      the batch id the DataRegistry contract assigned
 * @param txHash            anchoring transaction
 * @param blockNumber       block of the anchoring transaction
 * @param sharesTxHash      the ShareToken mint of the contributor's shares (ERC-1155 id = the registry id)
 * @param sharesBlockNumber block of that mint
 * @param createdAt         when entered
 * @param anchoredAt        when its anchoring was confirmed
 * @param origin            CURATION (an accepted data proposal) or ADMIN (entered by an admin outside curation;
 *                          issue 11 item 2)
 * @param enteredBy         for ADMIN entries {@code "admin <name>"}, else null
 */
public record RegistryEntryView(UUID id, UUID datasetId, UUID registryId, String contentDigest,
                                String contributorWallet, int sampleCount, BigInteger shares, String state,
                                Integer leafIndex, List<String> merkleProof, String merkleRoot, Long chainBatchId,
                                String txHash, Long blockNumber, String sharesTxHash, Long sharesBlockNumber,
                                Instant createdAt, Instant anchoredAt, String origin,
                                String enteredBy) {
}
