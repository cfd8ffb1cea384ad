package org.trainex.runner.training;

import java.io.IOException;
import org.trainex.jobs.protocol.Task;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.runner.blobs.BlobException;
import org.trainex.runner.data.IdxFormatException;

/**
 * Executes one kind of {@link Task} (DESIGN.md convention 15: one handler per command type, as Konduit Serving's
 * step runners). {@link TaskExecutor} holds one handler per task type and turns what a handler throws into the
 * task's result: the exceptions that are the task's fault ({@link TaskFailedException}, {@link BlobException},
 * {@link IdxFormatException}, and any {@link RuntimeException} DL4J throws) become a FAILED result; an
 * {@link org.trainex.runner.exchange.ExchangeUnavailableException} or another {@link IOException} of the runner's
 * own disk goes to the caller, which rolls the task back for redelivery.
 *
 * @param <T> the task type handled
 */
public interface TaskHandler<T extends Task> {
    /** The task type this handler executes (one of the records {@link Task} permits). */
    Class<T> taskType();

    /** What the handler does, as a noun for error messages: "training", "evaluation"... */
    String activity();

    /**
     * Executes the task.
     *
     * @param progress where progress reports go while the task runs
     * @param start    {@link System#nanoTime()} when the executor received the task (the result's wall time
     *                 counts from it, in ms)
     * @return a SUCCEEDED result (a failure is thrown)
     * @throws TaskFailedException the task cannot succeed (bad configuration, shapes, diverging loss...)
     * @throws BlobException       a blob the task names is missing, refused or corrupt
     * @throws IdxFormatException  a dataset blob is not a valid IDX file
     * @throws IOException         the exchange is unavailable, or a local I/O failure (not the task's fault)
     */
    TaskResult execute(T task, ProgressSink progress, long start)
            throws TaskFailedException, BlobException, IdxFormatException, IOException;
}
