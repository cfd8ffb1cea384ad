package org.trainex.jobs.protocol;

import java.util.UUID;

/**
 * A progress report a runner sends while a task runs, over {@link JobQueues#PROGRESS}.
 *
 * @param taskId           the task
 * @param jobId            its job
 * @param runnerId         the reporting runner
 * @param epoch            current epoch, 1-based
 * @param epochs           total epochs of the task
 * @param samplesDone      samples processed so far in the task (all epochs)
 * @param samplesTotal     samples the task will process (all epochs)
 * @param loss             latest minibatch loss (score)
 * @param samplesPerSecond throughput so far, samples/s
 * @param etaSeconds       estimated seconds to completion
 * @param sentAtMillis     when the report was made, epoch milliseconds
 */
public record TaskProgress(UUID taskId, UUID jobId, String runnerId, int epoch, int epochs, long samplesDone,
                           long samplesTotal, double loss, double samplesPerSecond, long etaSeconds,
                           long sentAtMillis) {
    /** Fraction done in [0,1]. */
    public double fraction() {
        return samplesTotal <= 0 ? 0 : Math.min(1.0, (double) samplesDone / samplesTotal);
    }
}
