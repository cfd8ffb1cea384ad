package org.trainex.jobs.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * The one result a runner sends for a task over {@link JobQueues#RESULTS}. The exchange records it
 * idempotently: a second result for the same {@code taskId} changes nothing.
 *
 * @param taskId           the task answered
 * @param jobId            its job
 * @param runnerId         the runner that executed it
 * @param kind             what was done
 * @param status           outcome
 * @param modelCid         train: content id of the uploaded model zip; evaluate: the model evaluated
 * @param samples          samples processed (train: per epoch x epochs; evaluate: test samples)
 * @param epochs           epochs trained (0 for evaluation)
 * @param loss             train: mean loss of the last epoch; evaluate: mean cross-entropy on the test set
 * @param accuracy         evaluate: fraction of correctly classified test samples in [0,1]; train: training
 *                         accuracy is not measured, NaN
 * @param samplesPerSecond throughput of the work in samples/s
 * @param wallMillis       wall time of the task on the runner in milliseconds
 * @param error            failure reason when {@code status} is FAILED, else null
 */
public record TaskResult(UUID taskId, UUID jobId, String runnerId, Kind kind, Status status, String modelCid,
                         long samples, int epochs, double loss, double accuracy, double samplesPerSecond,
                         long wallMillis, String error) {
    /** What the task was. */
    public enum Kind { TRAIN, EVALUATE }

    /** How it ended. */
    public enum Status { SUCCEEDED, FAILED }

    public TaskResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(runnerId, "runnerId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        if (status == Status.SUCCEEDED) {
            ContentIds.requireValid(modelCid);
        }
    }

    /** A failure result. */
    public static TaskResult failed(Task task, Kind kind, String runnerId, long wallMillis, String error) {
        return new TaskResult(task.taskId(), task.jobId(), runnerId, kind, Status.FAILED, null, 0, 0,
                Double.NaN, Double.NaN, 0, wallMillis, error);
    }
}
