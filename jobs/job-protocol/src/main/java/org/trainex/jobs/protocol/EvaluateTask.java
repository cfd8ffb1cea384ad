package org.trainex.jobs.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * Evaluate a trained model on a held-out dataset (accuracy and mean cross-entropy loss).
 *
 * @param taskId    unique per dispatch
 * @param jobId     the training job
 * @param modelCid  content id of the DL4J model zip to evaluate
 * @param data      the test data (all samples are used)
 * @param batchSize samples per inference batch
 */
public record EvaluateTask(UUID taskId, UUID jobId, String modelCid, DatasetRef data, int batchSize)
        implements Task {
    public EvaluateTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(data, "data");
        ContentIds.requireValid(modelCid);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
    }
}
