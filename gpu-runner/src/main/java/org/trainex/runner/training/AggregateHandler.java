package org.trainex.runner.training;

import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.jobs.protocol.AggregateTask;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.runner.blobs.BlobException;

/**
 * <b>Aggregate</b> ({@link AggregateTask}, the server step of a FedAvg round, McMahan et al. 2017, Algorithm 1):
 * {@link FedAvgAggregator} averages the models' parameters weighted by their samples,
 * {@code w = sum_k (n_k / n) w^k}, into a copy of the first model, saves it without updater state and uploads it;
 * answers {@code AGGREGATE} with {@code modelCid} = the average, {@code samples} = n (the sum of the models'
 * samples), {@code epochs} 0, {@code loss} and {@code accuracy} NaN, samples/s 0. Models of different
 * configurations, parameter counts or data types, or with non-finite parameters, fail the task.
 */
final class AggregateHandler implements TaskHandler<AggregateTask> {
    /** Log lines keep the executor's name, as before the handlers were split out of it. */
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);

    private final String runnerId;
    private final FedAvgAggregator aggregator;

    AggregateHandler(String runnerId, FedAvgAggregator aggregator) {
        this.runnerId = Objects.requireNonNull(runnerId);
        this.aggregator = Objects.requireNonNull(aggregator);
    }

    @Override
    public Class<AggregateTask> taskType() {
        return AggregateTask.class;
    }

    @Override
    public String activity() {
        return "aggregation";
    }

    @Override
    public TaskResult execute(AggregateTask task, ProgressSink progress, long start)
            throws TaskFailedException, BlobException, IOException {
        long n = task.totalSamples();
        LOG.info("task {}: FedAvg round {}: averaging {} model(s) trained on {} samples", task.taskId(), task.round(),
                task.models().size(), n);
        String modelCid = aggregator.aggregate(task);
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("task {}: FedAvg round {}: averaged model {} ({} ms)", task.taskId(), task.round(), modelCid,
                wallMillis);
        return new TaskResult(task.taskId(), task.jobId(), runnerId, TaskResult.Kind.AGGREGATE,
                TaskResult.Status.SUCCEEDED, modelCid, n, 0, Double.NaN, Double.NaN, 0, wallMillis, null);
    }
}
