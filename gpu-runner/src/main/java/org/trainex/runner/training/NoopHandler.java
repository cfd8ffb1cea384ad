package org.trainex.runner.training;

import java.util.Objects;
import org.trainex.jobs.protocol.NoopTask;
import org.trainex.jobs.protocol.TaskResult;

/**
 * <b>Noop</b> ({@link NoopTask}, sent by the exchange's dispatch probe): nothing to do; answers
 * {@link TaskResult#noop(NoopTask, String, long)} at once (SUCCEEDED, {@code NOOP}, no model, 0 samples), without
 * touching the blob store or DL4J. The result takes the same path as every other one (TaskLoop: same transacted
 * session, committed with the task's acknowledgement).
 */
final class NoopHandler implements TaskHandler<NoopTask> {
    private final String runnerId;

    NoopHandler(String runnerId) {
        this.runnerId = Objects.requireNonNull(runnerId);
    }

    @Override
    public Class<NoopTask> taskType() {
        return NoopTask.class;
    }

    @Override
    public String activity() {
        return "noop";
    }

    @Override
    public TaskResult execute(NoopTask task, ProgressSink progress, long start) {
        return TaskResult.noop(task, runnerId, (System.nanoTime() - start) / 1_000_000);
    }
}
