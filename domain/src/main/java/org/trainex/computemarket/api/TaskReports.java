package org.trainex.computemarket.api;

import java.util.UUID;

/**
 * What a runner reports about one of a job's tasks, as the compute market records it: domain commands that the jobs
 * module translates from the job protocol's wire records ({@code TaskResult}, {@code TaskProgress}), so the compute
 * market does not depend on the wire format (issue 12 item 4).
 */
public final class TaskReports {
    private TaskReports() {
    }

    /** The task a report is about. */
    public enum TaskKind {
        /** A chunk of a FedAvg round. */
        TRAIN,
        /** The FedAvg average of a round's chunk models. */
        AGGREGATE,
        /** The global model measured on the held-out test set. */
        EVALUATE
    }

    /**
     * A task's result.
     *
     * @param succeeded        whether the runner finished the task
     * @param modelCid         the model it uploaded (train, aggregate) or measured (evaluate); null on failure
     * @param samples          sample-steps trained (train), models' samples (aggregate) or samples measured
     *                         (evaluate)
     * @param loss             mean loss (NaN if none)
     * @param accuracy         test accuracy in [0, 1] (evaluate; NaN otherwise)
     * @param samplesPerSecond the runner's own throughput measurement (samples/s)
     * @param wallMillis       the task's wall time on the runner (ms)
     * @param error            why it failed, or null
     */
    public record RecordResultCommand(UUID taskId, UUID jobId, String runnerId, TaskKind kind, boolean succeeded,
                                      String modelCid, long samples, double loss, double accuracy,
                                      double samplesPerSecond, long wallMillis, String error) {
    }

    /**
     * A running task's progress: renews its lease.
     *
     * @param samplesDone      sample-steps done so far
     * @param loss             recent mean loss (NaN if none yet)
     * @param samplesPerSecond current throughput (samples/s)
     */
    public record RecordProgressCommand(UUID taskId, UUID jobId, String runnerId, long samplesDone, double loss,
                                        double samplesPerSecond) {
    }
}
