package org.trainex.runner.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.jobs.protocol.Task;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.runner.blobs.BlobException;
import org.trainex.runner.blobs.BlobStore;
import org.trainex.runner.data.IdxFormatException;
import org.trainex.runner.exchange.ExchangeUnavailableException;

/**
 * Runs one task and answers exactly one {@link TaskResult}, through the {@link TaskHandler} of the task's type
 * (DESIGN.md convention 15): {@link TrainHandler} (train), {@link EvaluateHandler} (evaluate),
 * {@link ClassifyHandler} (the oracle classifier), {@link AggregateHandler} (FedAvg's weighted average) and
 * {@link NoopHandler} (the dispatch probe's tasks); each documents what it computes and answers. The executor
 * has a handler for every type {@link Task} permits (checked when it is built).
 *
 * <p><b>Errors</b>: everything that is the task's fault (unparseable configuration, shapes that do not fit the
 * dataset, missing or corrupt blobs, bad IDX files, a model blob that is not a DL4J model, a loss that
 * diverges to NaN/infinity, models that cannot be averaged, any exception DL4J throws while training) ends in a
 * FAILED result with a message (at most {@value #MAX_ERROR_CHARS} characters, then "...").
 * {@link ExchangeUnavailableException} and other {@link IOException}s of the runner's own disk are thrown: the
 * caller rolls the task back for redelivery.
 */
public final class TaskExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);
    private static final int MAX_ERROR_CHARS = 2000;

    private final String runnerId;
    private final Map<Class<? extends Task>, TaskHandler<?>> handlers = new LinkedHashMap<>();

    /**
     * An executor that keeps its oracle index in {@code oracles/} beside {@code workDir}.
     *
     * @param runnerId id written into results and progress reports
     * @param workDir  directory for temporary model files
     */
    public TaskExecutor(BlobStore blobs, String runnerId, Path workDir) {
        this(blobs, runnerId, workDir, workDir.toAbsolutePath().resolveSibling("oracles"));
    }

    /**
     * @param runnerId  id written into results and progress reports
     * @param workDir   directory for temporary model files
     * @param oracleDir directory of the oracle index (which model was trained for which classify inputs)
     */
    public TaskExecutor(BlobStore blobs, String runnerId, Path workDir, Path oracleDir) {
        Objects.requireNonNull(blobs);
        this.runnerId = Objects.requireNonNull(runnerId);
        Objects.requireNonNull(workDir);
        DatasetLoader datasets = new DatasetLoader(blobs);
        Networks networks = new Networks(blobs, workDir);
        register(new TrainHandler(runnerId, datasets, networks));
        register(new EvaluateHandler(runnerId, datasets, networks));
        register(new ClassifyHandler(runnerId, blobs, datasets, networks,
                new OracleCache(Objects.requireNonNull(oracleDir))));
        register(new AggregateHandler(runnerId, new FedAvgAggregator(blobs, workDir)));
        register(new NoopHandler(runnerId));
        Class<?>[] types = Task.class.getPermittedSubclasses();
        if (!handlers.keySet().containsAll(Arrays.asList(types)) || handlers.size() != types.length) {
            throw new IllegalStateException("task handlers " + handlers.keySet() + " do not match the task types "
                    + Arrays.toString(types));
        }
    }

    private void register(TaskHandler<?> handler) {
        if (handlers.putIfAbsent(handler.taskType(), handler) != null) {
            throw new IllegalStateException("two handlers for " + handler.taskType().getSimpleName());
        }
    }

    /**
     * Executes a task.
     *
     * @return SUCCEEDED or FAILED result for the task, never null
     * @throws ExchangeUnavailableException the exchange cannot be used now (the task is not at fault)
     * @throws IOException                  local I/O failure of the runner
     */
    public TaskResult execute(Task task, ProgressSink progress) throws IOException {
        long start = System.nanoTime();
        TaskHandler<?> handler = handlers.get(task.getClass());
        TaskResult.Kind kind = TaskResult.Kind.of(task);
        try {
            return execute(handler, task, progress, start);
        } catch (TaskFailedException | BlobException | IdxFormatException e) {
            return failed(task, kind, start, e.getMessage());
        } catch (ExchangeUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.debug("task {} failed", task.taskId(), e);
            return failed(task, kind, start, handler.activity() + " failed: " + describe(e));
        }
    }

    private static <T extends Task> TaskResult execute(TaskHandler<T> handler, Task task, ProgressSink progress,
                                                       long start)
            throws TaskFailedException, BlobException, IdxFormatException, IOException {
        return handler.execute(handler.taskType().cast(task), progress, start);
    }

    private TaskResult failed(Task task, TaskResult.Kind kind, long start, String error) {
        String message = error == null || error.isBlank() ? "failed without a message" : error;
        if (message.length() > MAX_ERROR_CHARS) {
            message = message.substring(0, MAX_ERROR_CHARS) + "...";
        }
        LOG.warn("task {} FAILED: {}", task.taskId(), message);
        return TaskResult.failed(task, kind, runnerId, (System.nanoTime() - start) / 1_000_000, message);
    }

    /** One line: the exception and its causes, "Type: message; caused by Type: message". */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        String previous = "";
        for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
            String msg = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\s+", " ").strip();
            if (depth > 0 && !msg.isEmpty() && previous.contains(msg)) {
                continue;  // wrapper repeated its cause's message
            }
            if (depth > 0) {
                sb.append("; caused by ");
            }
            previous = msg;
            if (msg.length() > 400) {
                msg = msg.substring(0, 400) + "...";
            }
            sb.append(t.getClass().getSimpleName()).append(msg.isEmpty() ? "" : ": " + msg);
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }
}
