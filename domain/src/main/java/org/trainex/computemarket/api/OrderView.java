package org.trainex.computemarket.api;

import java.time.Instant;
import java.util.UUID;

/**
 * A training order as clients see it.
 *
 * @param id             order id
 * @param consumer       who placed it
 * @param trainDatasetId training dataset
 * @param testDatasetId  evaluation dataset
 * @param modelName      model label
 * @param epochs         epochs ordered
 * @param batchSize      minibatch size, samples
 * @param seed           random seed
 * @param state          PLACED, RUNNING, COMPLETED or FAILED
 * @param createdAt      when placed
 * @param jobId          the job executing it
 * <p>Priced orders (with conditions) also carry: sampleSteps (samples x epochs), the conditions, the consumer's
 * wallet (escrow refunds go there), matchNote (why it waits for bids, or what it matched), and the escrow lock's
 * transaction once on chain. State AWAITING_BIDS until matched.
 * @param trainDatasetIds every training dataset (trainDatasetId first)
 * @param rounds         FedAvg rounds (1 for an unpriced single-task order)
 * @param dataFeeBps     data fee in basis points of the match cost, paid to the registry data's shareholders
 */
public record OrderView(UUID id, String consumer, UUID trainDatasetId, UUID testDatasetId, String modelName,
                        int epochs, int batchSize, long seed, String state, Instant createdAt, UUID jobId,
                        Long sampleSteps, Long minCapacitySamplesPerSecond, Long maxDurationSeconds, String maxPriceWei,
                        java.util.List<String> regions, String verificationTier, String consumerWallet,
                        String matchNote, String escrowTxHash, Long escrowBlock,
                        java.util.List<UUID> trainDatasetIds, int rounds, int dataFeeBps) {
}
