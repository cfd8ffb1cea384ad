package org.trainex.computemarket.api;

import java.time.Instant;
import java.util.UUID;

/**
 * One chunk attempt: a slice of a training dataset that one runner trains for the round's local epochs (DKLabs,
 * seed 002, Section 7.2: "chunks of different sizes" by capacity). A slot re-dispatched after its lease expired
 * has a new attempt (new task id).
 *
 * @param taskId        the TrainTask id of this attempt
 * @param round         1-based round
 * @param slot          position of the chunk in the round's plan
 * @param attempt       1 for the first dispatch
 * @param state         LEASED (dispatched, lease running), DONE (result accepted), EXPIRED (lease ran out; slot
 *                      re-dispatched), LATE (a result came after another attempt was accepted), FAILED
 * @param samples       samples in the slice (per local epoch)
 * @param samplesDone   training progress, samples (all epochs)
 * @param samplesTotal  samples x epochs
 * @param leaseUntil    when the lease expires unless renewed
 * @param sampleSteps   work accepted (samples x epochs) once DONE
 * @param paymentWei    what the provider earns for it once DONE (decimal wei)
 */
public record ChunkView(UUID taskId, int round, int slot, int attempt, String runnerId, String provider,
                        UUID datasetId, int offset, int samples, int epochs, String state, long samplesDone,
                        long samplesTotal, Double loss, Double samplesPerSecond, Instant leaseUntil,
                        String modelCid, Long sampleSteps, String paymentWei) {
}
