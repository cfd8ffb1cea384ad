package org.trainex.runner.training;

import org.trainex.jobs.protocol.TaskProgress;

/**
 * Receives progress reports of a running task (at most about one every {@link ProgressTracker#INTERVAL_MILLIS}
 * ms, plus the first and the last). Called on the training thread: must be quick and must not throw; a sink
 * that cannot deliver a report logs and drops it.
 */
@FunctionalInterface
public interface ProgressSink {
    /** A sink that drops every report. */
    ProgressSink NONE = progress -> { };

    void report(TaskProgress progress);
}
