package org.trainex.computemarket.api;

import java.time.Instant;
import java.util.UUID;

/**
 * A training job as clients see it. Metrics are null until known.
 *
 * @param id                     job id
 * @param orderId                the order it executes
 * @param state                  QUEUED, TRAINING, EVALUATING, COMPLETED or FAILED
 * @param runnerId               runner that trained the model
 * @param evalRunnerId           runner that evaluated it
 * @param modelCid               content id of the trained model (DL4J zip)
 * @param samplesTrained         samples processed in training (all epochs)
 * @param epochsTrained          epochs trained
 * @param trainLoss              mean loss of the last training epoch
 * @param trainSamplesPerSecond  training throughput, samples/s
 * @param trainWallMillis        training wall time on the runner, ms
 * @param testSamples            samples evaluated
 * @param testAccuracy           fraction of test samples classified correctly, [0,1]
 * @param testLoss               mean cross-entropy on the test set
 * @param evalWallMillis         evaluation wall time on the runner, ms
 * @param progressFraction       training progress in [0,1]
 * @param progressEpoch          current epoch (1-based) while training; for a federated job, the current round
 * @param progressLoss           latest minibatch loss while training
 * @param progressSamplesPerSecond latest throughput while training, samples/s
 * @param progressEtaSeconds     estimated seconds left in training
 * @param failure                why it failed
 * @param createdAt              when queued
 * @param trainedAt              when the training result was recorded
 * @param completedAt            when the evaluation result was recorded
 * @param rounds                 FedAvg rounds ordered (1 for a single-task job)
 * @param roundHistory           the rounds of a federated job so far, oldest first (empty otherwise)
 * @param chunks                 every chunk attempt of a federated job, by round, slot and attempt
 */
public record JobView(UUID id, UUID orderId, String state, String runnerId, String evalRunnerId, String modelCid,
                      Long samplesTrained, Integer epochsTrained, Double trainLoss, Double trainSamplesPerSecond,
                      Long trainWallMillis, Long testSamples, Double testAccuracy, Double testLoss,
                      Long evalWallMillis, double progressFraction, Integer progressEpoch, Double progressLoss,
                      Double progressSamplesPerSecond, Long progressEtaSeconds, String failure, Instant createdAt,
                      Instant trainedAt, Instant completedAt, int rounds,
                      java.util.List<RoundView> roundHistory, java.util.List<ChunkView> chunks) {
}
