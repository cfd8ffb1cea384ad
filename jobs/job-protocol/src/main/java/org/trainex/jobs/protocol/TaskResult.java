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
 * @param modelCid         train: content id of the uploaded model zip; evaluate: the model evaluated;
 *                         classify: the oracle model trained (or reused) on the reference data, uploaded for
 *                         audit; aggregate: the averaged model (FedAvg), uploaded without updater state
 * @param samples          samples processed (train: per epoch x epochs; evaluate: test samples; classify: the
 *                         sample size, candidate samples checked; aggregate: n, the sum of the models' samples,
 *                         at least 1; noop: 0)
 * @param epochs           epochs trained (0 for evaluation, aggregation and noop; classify: the oracle's training
 *                         epochs, also when the model was reused)
 * @param loss             train: mean loss of the last epoch; evaluate: mean cross-entropy on the test set;
 *                         classify, aggregate and noop: NaN
 * @param accuracy         evaluate: fraction of correctly classified test samples in [0,1]; classify: the
 *                         agreement, the fraction of sampled candidate samples whose declared label equals the
 *                         oracle's prediction, in [0,1]; train: training accuracy is not measured, NaN;
 *                         aggregate and noop: NaN
 * @param samplesPerSecond throughput of the work in samples/s (aggregate and noop: 0, no samples are processed)
 * @param wallMillis       wall time of the task on the runner in milliseconds
 * @param error            failure reason when {@code status} is FAILED, else null
 * @param referenceAccuracy classify: the oracle model's accuracy on the held-out part of its reference data
 *                         ({@link ClassifyTask#heldOutIndices()}), in [0,1], so the exchange can compare the agreement
 *                         with what an honest shard would reach (issue 11 item 3); every other kind: NaN
 */
public record TaskResult(UUID taskId, UUID jobId, String runnerId, Kind kind, Status status, String modelCid,
                         long samples, int epochs, double loss, double accuracy, double samplesPerSecond,
                         long wallMillis, String error, double referenceAccuracy) {
    /** What the task was. */
    public enum Kind {
        /** A {@link TrainTask}. */
        TRAIN,
        /** An {@link EvaluateTask}. */
        EVALUATE,
        /** A {@link ClassifyTask}: {@code accuracy} is the agreement with the oracle. */
        CLASSIFY,
        /** An {@link AggregateTask}: {@code modelCid} is the FedAvg average, {@code samples} the models' sum. */
        AGGREGATE,
        /**
         * A {@link NoopTask}: nothing was done; a SUCCEEDED result has no model ({@code modelCid} null), 0 samples
         * and epochs, NaN loss and accuracy, 0 samples/s (see {@link TaskResult#noop(NoopTask, String, long)}).
         */
        NOOP;

        /** The kind of result a task gets. */
        public static Kind of(Task task) {
            if (task instanceof TrainTask) {
                return TRAIN;
            }
            if (task instanceof EvaluateTask) {
                return EVALUATE;
            }
            if (task instanceof ClassifyTask) {
                return CLASSIFY;
            }
            if (task instanceof AggregateTask) {
                return AGGREGATE;
            }
            if (task instanceof NoopTask) {
                return NOOP;
            }
            throw new IllegalArgumentException("unknown task type " + task.getClass().getName());
        }
    }

    /** How it ended. */
    public enum Status { SUCCEEDED, FAILED }

    public TaskResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(runnerId, "runnerId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        if (status == Status.SUCCEEDED && kind == Kind.NOOP) {
            if (modelCid != null) {
                throw new IllegalArgumentException("a noop result names no model: " + modelCid);
            }
        } else if (status == Status.SUCCEEDED) {
            ContentIds.requireValid(modelCid);
            if (kind == Kind.CLASSIFY && !(accuracy >= 0 && accuracy <= 1)) {
                throw new IllegalArgumentException("the agreement of a classify result must be in [0,1]: "
                        + accuracy);
            }
            if (kind == Kind.CLASSIFY && !Double.isNaN(referenceAccuracy)
                    && !(referenceAccuracy >= 0 && referenceAccuracy <= 1)) {
                throw new IllegalArgumentException("the reference accuracy of a classify result must be in [0,1] or "
                        + "NaN: " + referenceAccuracy);
            }
            if (kind == Kind.AGGREGATE && samples < 1) {
                throw new IllegalArgumentException("an aggregate result counts the models' samples, at least 1: "
                        + samples);
            }
        }
    }

    /** A result without a reference accuracy (every kind but classify): {@code referenceAccuracy} NaN. */
    public TaskResult(UUID taskId, UUID jobId, String runnerId, Kind kind, Status status, String modelCid,
                      long samples, int epochs, double loss, double accuracy, double samplesPerSecond,
                      long wallMillis, String error) {
        this(taskId, jobId, runnerId, kind, status, modelCid, samples, epochs, loss, accuracy, samplesPerSecond,
                wallMillis, error, Double.NaN);
    }

    /**
     * The answer to a {@link NoopTask}: SUCCEEDED, kind {@link Kind#NOOP}, no model, 0 samples and epochs, NaN
     * loss and accuracy, 0 samples/s.
     *
     * @param wallMillis time from the task's receipt to this result on the runner, ms
     */
    public static TaskResult noop(NoopTask task, String runnerId, long wallMillis) {
        return new TaskResult(task.taskId(), task.jobId(), runnerId, Kind.NOOP, Status.SUCCEEDED, null, 0, 0,
                Double.NaN, Double.NaN, 0, wallMillis, null);
    }

    /** A failure result. */
    public static TaskResult failed(Task task, Kind kind, String runnerId, long wallMillis, String error) {
        return new TaskResult(task.taskId(), task.jobId(), runnerId, kind, Status.FAILED, null, 0, 0,
                Double.NaN, Double.NaN, 0, wallMillis, error);
    }
}
