package org.trainex.jobs.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * Train a model on (a slice of) a dataset and upload the trained parameters as a blob.
 *
 * @param taskId            unique per dispatch
 * @param jobId             the training job
 * @param modelConfigJson   the network as a DL4J {@code MultiLayerConfiguration} JSON document (not
 *                          hard-wired in the runner); it includes the updater (optimizer, learning rate)
 * @param initialModelCid   optional content id of a DL4J model zip to start from (null: fresh weights from
 *                          {@code seed})
 * @param data              the training data
 * @param sampleOffset      first sample (0-based) of the slice to train on
 * @param sampleCount       samples in the slice; 0 means all from {@code sampleOffset} on
 * @param epochs            passes over the slice, at least 1
 * @param batchSize         samples per minibatch, at least 1
 * @param seed              seed for weight init and shuffling, so a task is reproducible
 */
public record TrainTask(UUID taskId, UUID jobId, String modelConfigJson, String initialModelCid,
                        DatasetRef data, int sampleOffset, int sampleCount, int epochs, int batchSize,
                        long seed) implements Task {
    public TrainTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(data, "data");
        if (modelConfigJson == null || modelConfigJson.isBlank()) {
            throw new IllegalArgumentException("modelConfigJson is required");
        }
        if (initialModelCid != null) {
            ContentIds.requireValid(initialModelCid);
        }
        if (sampleOffset < 0 || sampleCount < 0 || sampleOffset + (long) sampleCount > data.sampleCount()) {
            throw new IllegalArgumentException("slice [" + sampleOffset + ", +" + sampleCount
                    + ") is outside the dataset of " + data.sampleCount() + " samples");
        }
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batchSize must be at least 1");
        }
    }

    /** Samples actually trained per epoch. */
    public int effectiveSampleCount() {
        return sampleCount == 0 ? data.sampleCount() - sampleOffset : sampleCount;
    }
}
