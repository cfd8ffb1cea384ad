package org.trainex.computemarket.api;

import java.time.Instant;

/**
 * One FedAvg round of a job (McMahan et al. 2017): its chunks trained locally, the aggregated global model and
 * that model's evaluation on the held-out set.
 *
 * @param round          1-based
 * @param state          TRAINING, AGGREGATING, AGGREGATED (evaluation pending) or EVALUATED
 * @param chunks         chunks (slots) in the round
 * @param chunksDone     slots with an accepted result
 * @param samples        samples per local epoch over all chunks
 * @param trainLoss      sample-weighted mean of the chunks' last-epoch losses, null until all are in
 * @param globalModelCid the aggregated model
 * @param testAccuracy   the global model's accuracy on the test set, [0,1]
 * @param testLoss       its mean cross-entropy on the test set
 */
public record RoundView(int round, String state, int chunks, int chunksDone, long samples, Double trainLoss,
                        String globalModelCid, Double testAccuracy, Double testLoss, Instant startedAt,
                        Instant aggregatedAt, Instant evaluatedAt) {
}
