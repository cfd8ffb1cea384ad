package org.trainex.jobs.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * A task that does nothing: the runner answers it at once with a {@link TaskResult.Kind#NOOP} result
 * ({@link TaskResult#noop(NoopTask, String, long)}: SUCCEEDED, no model, 0 samples) through the same transacted
 * session, queue and consumer as every other result. It measures the exchange's dispatch path end to end
 * (dispatch over {@link JobQueues#DISPATCH}, a runner taking it, the result consumed and recorded) without any
 * training cost: the exchange's <em>dispatch probe</em> sends many of them and counts the results
 * (docs/benchmarks.md, "Dispatch throughput").
 *
 * <p>JSON ({@link JobCodec}):
 * <pre>{"type":"noop","taskId":"...","jobId":"..."}</pre>
 *
 * @param taskId unique per dispatch; the result names it so the exchange counts each chunk once
 * @param jobId  the dispatch probe this task belongs to
 * @throws NullPointerException if an id is null
 */
public record NoopTask(UUID taskId, UUID jobId) implements Task {
    public NoopTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(jobId, "jobId");
    }
}
