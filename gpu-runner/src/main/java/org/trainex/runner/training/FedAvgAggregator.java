package org.trainex.runner.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.jobs.protocol.AggregateTask;
import org.trainex.jobs.protocol.AggregateTask.WeightedModel;
import org.trainex.runner.blobs.BlobException;
import org.trainex.runner.blobs.BlobStore;
import org.trainex.runner.exchange.ExchangeUnavailableException;

/**
 * The server step of FedAvg, run on a runner for an {@link AggregateTask}: the weighted average of the
 * parameters of the models the runners trained locally in a round.
 *
 * <p>Rule (McMahan, Moore, Ramage, Hampson, Agüera y Arcas 2017, "Communication-Efficient Learning of Deep
 * Networks from Decentralized Data", AISTATS, Algorithm 1, server update):
 * <pre>  w_{t+1} = sum_k (n_k / n) w^k_{t+1},   n = sum_k n_k</pre>
 * with {@code w^k} the flattened parameter vector ({@link MultiLayerNetwork#params()}: every layer's weights and
 * biases, batch-normalization statistics included) of model {@code k} and {@code n_k} its
 * {@link WeightedModel#samples()}. DKLabs (../shared/seeds/002_8b9981a38935bd21.txt, Section 7.2): work is split
 * in chunks across nodes and the aggregation is itself a runner job.
 *
 * <p>How:
 * <ul>
 *   <li>Models are fetched from the {@link BlobStore} (verified against their content ids) and restored with
 *       {@link ModelSerializer#restoreMultiLayerNetwork(java.io.File, boolean)} without updater state, one at a
 *       time: memory holds the first network, the running sum and the model being added, whatever the number of
 *       models.</li>
 *   <li>Every model must have the first model's parameter count, parameter data type and network configuration.
 *       Configurations are compared as DL4J JSON after clearing what training or initialization changes but the
 *       network does not depend on (iteration and epoch counters, the per-layer seed); so the updater, the
 *       activations, the layer sizes, the loss and the data type must all agree.</li>
 *   <li>The sum {@code sum_k w_k * params_k} with {@code w_k = n_k / n} (computed in double, then applied in the
 *       parameters' data type: {@code INDArray.mul}, {@code addi}) is accumulated in the parameters' data type
 *       (float32 for the reference models), so the average is exact up to that type's rounding; weights that
 *       are dyadic fractions (1/4, 3/4) give exact results for exact inputs.</li>
 *   <li>The average is written into the first model's network (a private copy restored from its blob), which
 *       keeps its configuration, and saved with {@code saveUpdater=false}: FedAvg averages parameters only, so the
 *       output carries no optimizer state (Adam moments and the like); a {@code TrainTask} that starts from it
 *       starts its updater afresh, as every round of FedAvg's clients does.</li>
 * </ul>
 *
 * <p>Errors: a model that is missing or does not match its content id ({@link BlobException}), that is not a
 * DL4J {@code MultiLayerNetwork} zip, that differs from the first model in configuration, parameter count or
 * data type, or that holds non-finite parameters (NaN, infinity: a diverged training) makes the aggregation
 * fail ({@link TaskFailedException} with a message naming the model); {@link ExchangeUnavailableException} and
 * local {@link IOException}s are thrown for the caller to retry the task.
 */
public final class FedAvgAggregator {
    private static final Logger LOG = LoggerFactory.getLogger(FedAvgAggregator.class);

    private final BlobStore blobs;
    private final Path workDir;

    /**
     * @param blobs   where the models are fetched from and the average is stored
     * @param workDir directory for the temporary model file of the average
     */
    public FedAvgAggregator(BlobStore blobs, Path workDir) {
        this.blobs = Objects.requireNonNull(blobs);
        this.workDir = Objects.requireNonNull(workDir);
    }

    /**
     * Averages the task's models, saves the average without updater state and uploads it.
     *
     * @return the content id of the averaged model
     * @throws TaskFailedException          a model is not usable or does not match the first (see class comment)
     * @throws BlobException                a model blob is missing, forbidden or corrupt
     * @throws ExchangeUnavailableException the exchange cannot be used now
     * @throws IOException                  local I/O failure
     */
    public String aggregate(AggregateTask task) throws TaskFailedException, BlobException, IOException {
        MultiLayerNetwork average = average(task.models());
        Path file = Files.createTempFile(Files.createDirectories(workDir), "fedavg-", ".zip");
        try {
            ModelSerializer.writeModel(average, file.toFile(), false);
            return blobs.put(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The weighted average of the models' parameters, in a network restored from the first model.
     *
     * @param models at least one model with its sample count
     * @return the first model's network holding {@code sum_k (n_k / n) params_k}
     * @throws TaskFailedException          a model is not usable or does not match the first
     * @throws BlobException                a model blob is missing, forbidden or corrupt
     * @throws ExchangeUnavailableException the exchange cannot be used now
     * @throws IOException                  local I/O failure
     */
    public MultiLayerNetwork average(List<WeightedModel> models) throws TaskFailedException, BlobException,
            IOException {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("an aggregation needs at least one model");
        }
        long total = 0;
        for (WeightedModel m : models) {
            total = Math.addExact(total, m.samples());
        }
        MultiLayerNetwork first = null;
        String firstConfig = null;
        INDArray sum = null;
        for (int k = 0; k < models.size(); k++) {
            WeightedModel m = models.get(k);
            MultiLayerNetwork net = restore(m.modelCid());
            INDArray params = net.params();
            String what = "model " + k + " (" + m.modelCid() + ")";
            if (!BooleanIndexing.and(params, Conditions.isFinite())) {
                throw new TaskFailedException(what + " has non-finite parameters (NaN or infinity): its training "
                        + "diverged");
            }
            if (first == null) {
                first = net;
                firstConfig = normalizedConfig(net.getLayerWiseConfigurations());
            } else {
                requireSameNetwork(first, firstConfig, net, what, models.get(0).modelCid());
            }
            double weight = (double) m.samples() / total;
            INDArray term = params.mul(weight);  // new array, in the parameters' data type
            if (sum == null) {
                sum = term;
            } else {
                sum.addi(term);
            }
            LOG.debug("fedavg: {} with {} samples, weight {}", what, m.samples(), weight);
        }
        first.setParams(sum);
        return first;
    }

    private static void requireSameNetwork(MultiLayerNetwork first, String firstConfig, MultiLayerNetwork net,
                                           String what, String firstCid) throws TaskFailedException {
        String against = " but model 0 (" + firstCid + ") ";
        if (net.numParams() != first.numParams()) {
            throw new TaskFailedException(what + " has " + net.numParams() + " parameters" + against + "has "
                    + first.numParams() + ": FedAvg averages models of one network configuration");
        }
        if (net.params().dataType() != first.params().dataType()) {
            throw new TaskFailedException(what + " has " + net.params().dataType() + " parameters" + against
                    + "has " + first.params().dataType() + ": FedAvg averages models of one network configuration");
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        if (!normalizedConfig(conf).equals(firstConfig)) {
            throw new TaskFailedException(what + "'s network configuration differs from model 0's (" + firstCid
                    + ") " + whereTheyDiffer(first.getLayerWiseConfigurations(), conf)
                    + ": FedAvg averages models of one network configuration");
        }
    }

    /** "in layer i (Type)" or "in its network-wide settings". */
    private static String whereTheyDiffer(MultiLayerConfiguration a, MultiLayerConfiguration b) {
        MultiLayerConfiguration na = normalize(a);
        MultiLayerConfiguration nb = normalize(b);
        if (na.getConfs().size() != nb.getConfs().size()) {
            return "in its number of layers (" + nb.getConfs().size() + " against " + na.getConfs().size() + ")";
        }
        for (int i = 0; i < na.getConfs().size(); i++) {
            if (!na.getConf(i).toJson().equals(nb.getConf(i).toJson())) {
                String typeB = nb.getConf(i).getLayer().getClass().getSimpleName();
                String typeA = na.getConf(i).getLayer().getClass().getSimpleName();
                return "in layer " + i + " (" + (typeA.equals(typeB) ? typeA : typeB + " against " + typeA) + ")";
            }
        }
        return "in its network-wide settings (input preprocessors, backprop type, data type, workspaces)";
    }

    /** The configuration as JSON without what training and initialization change (counters, seeds). */
    static String normalizedConfig(MultiLayerConfiguration conf) {
        return normalize(conf).toJson();
    }

    private static MultiLayerConfiguration normalize(MultiLayerConfiguration conf) {
        MultiLayerConfiguration c = conf.clone();
        c.setIterationCount(0);
        c.setEpochCount(0);
        for (NeuralNetConfiguration layer : c.getConfs()) {
            layer.setIterationCount(0);
            layer.setEpochCount(0);
            layer.setSeed(0);
        }
        return c;
    }

    private MultiLayerNetwork restore(String modelCid) throws TaskFailedException, BlobException, IOException {
        Path file = blobs.fetch(modelCid);
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new TaskFailedException("model blob " + modelCid + " is not a DL4J MultiLayerNetwork zip: "
                    + TaskExecutor.describe(e), e);
        }
    }
}
