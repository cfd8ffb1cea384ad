package org.trainex.jobs.protocol;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The server step of a FedAvg round, run as a runner job: average the models that runners trained locally on
 * their shards, each weighted by the samples it was trained on, and upload the average.
 *
 * <p>Rule (McMahan, Moore, Ramage, Hampson, Agüera y Arcas 2017, "Communication-Efficient Learning of Deep
 * Networks from Decentralized Data", AISTATS, Algorithm 1, FederatedAveraging, server update):
 * <pre>  w_{t+1} = sum_k (n_k / n) w^k_{t+1},   n = sum_k n_k</pre>
 * where {@code w^k_{t+1}} are the parameters of {@code models.get(k)} and {@code n_k} its
 * {@link WeightedModel#samples()}. DKLabs (../shared/seeds/002_8b9981a38935bd21.txt, Section 7.2): work is
 * split in chunks across nodes; the aggregation is itself a job of the compute market.
 *
 * <p>The runner averages the flattened parameters only, never the optimizer (updater) state, and uploads the
 * average as a DL4J model zip without updater state; the next round's {@link TrainTask}s start from it through
 * {@link TrainTask#initialModelCid()}. All models must have the same network configuration and parameter
 * count, else the task fails. The result is a {@link TaskResult.Kind#AGGREGATE} result with {@code modelCid} =
 * the averaged model and {@code samples} = {@link #totalSamples()}.
 *
 * <p>JSON ({@link JobCodec}):
 * <pre>{"type":"aggregate","taskId":"...","jobId":"...",
 *  "models":[{"modelCid":"bafkrei...","samples":30000},{"modelCid":"bafkrei...","samples":10000}],
 *  "round":1}</pre>
 *
 * @param taskId unique per dispatch
 * @param jobId  the training job whose round this is
 * @param models the locally trained models with their sample counts, at least one; the output network is a copy
 *               of the first one with the averaged parameters (the same content id may appear twice: two
 *               runners may return identical models)
 * @param round  the FedAvg round {@code t} these models were trained in, as the exchange numbers them
 *               ({@code >= 0}); the runner only logs it
 * @throws NullPointerException     if an id, the list or an element is null
 * @throws IllegalArgumentException if there is no model, {@code round < 0}, or the samples overflow a long
 */
public record AggregateTask(UUID taskId, UUID jobId, List<WeightedModel> models, int round) implements Task {
    public AggregateTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(models, "models");
        models = List.copyOf(models);  // immutable; rejects null elements
        if (models.isEmpty()) {
            throw new IllegalArgumentException("an aggregation needs at least one model");
        }
        if (round < 0) {
            throw new IllegalArgumentException("round must be 0 or more: " + round);
        }
        long total = 0;
        for (WeightedModel m : models) {
            try {
                total = Math.addExact(total, m.samples());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the models' samples overflow a long", e);
            }
        }
    }

    /** n, the samples of all models together (the denominator of the weights), at least 1. */
    public long totalSamples() {
        long total = 0;
        for (WeightedModel m : models) {
            total += m.samples();
        }
        return total;
    }

    /**
     * One locally trained model and its weight.
     *
     * @param modelCid content id of a DL4J {@code MultiLayerNetwork} zip (the {@code modelCid} of a
     *                 {@link TaskResult.Kind#TRAIN} result)
     * @param samples  n_k, the samples the model was trained on in this round (the runner's shard size; a TRAIN
     *                 result's {@code samples} counts every epoch, so use samples per epoch unless all shards
     *                 ran the same epochs, which gives the same weights), at least 1
     * @throws IllegalArgumentException if the content id is malformed or {@code samples < 1}
     */
    public record WeightedModel(String modelCid, long samples) {
        public WeightedModel {
            ContentIds.requireValid(modelCid);
            if (samples < 1) {
                throw new IllegalArgumentException("samples of model " + modelCid + " must be at least 1: "
                        + samples);
            }
        }
    }
}
