package org.trainex.runner.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.runner.blobs.BlobException;
import org.trainex.runner.blobs.BlobStore;

/**
 * What the task handlers share about DL4J networks: parsing and checking a configuration, initializing it from a
 * seed, training epochs, and moving models to and from the blob store ({@link ModelSerializer} zips).
 */
final class Networks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlobStore blobs;
    private final Path workDir;

    /** @param workDir directory for temporary model files (created when needed) */
    Networks(BlobStore blobs, Path workDir) {
        this.blobs = Objects.requireNonNull(blobs);
        this.workDir = Objects.requireNonNull(workDir);
    }

    /** @throws TaskFailedException if the JSON is not a usable DL4J MultiLayerConfiguration */
    static MultiLayerConfiguration parseConfig(String json) throws TaskFailedException {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TaskFailedException("modelConfigJson is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
        }
        if (!tree.path("confs").isArray() || tree.path("confs").isEmpty()) {
            throw new TaskFailedException("modelConfigJson is not a DL4J MultiLayerConfiguration: it has no 'confs' "
                    + "array of layer configurations");
        }
        MultiLayerConfiguration conf;
        try {
            conf = MultiLayerConfiguration.fromJson(json);
        } catch (RuntimeException e) {
            throw new TaskFailedException("modelConfigJson is not a DL4J MultiLayerConfiguration: "
                    + TaskExecutor.describe(e), e);
        }
        if (conf == null || conf.getConfs() == null || conf.getConfs().isEmpty()) {
            throw new TaskFailedException("modelConfigJson is not a DL4J MultiLayerConfiguration: it has no layers");
        }
        for (int i = 0; i < conf.getConfs().size(); i++) {
            if (conf.getConf(i) == null || conf.getConf(i).getLayer() == null) {
                throw new TaskFailedException("modelConfigJson is not a DL4J MultiLayerConfiguration: layer " + i
                        + " is missing");
            }
        }
        return conf;
    }

    /**
     * Checks what can be checked before training: a feed-forward first layer (without input preprocessor) must
     * take {@code rows x columns} inputs, a feed-forward last layer must have {@code classes} outputs.
     */
    static void checkShapes(MultiLayerConfiguration conf, DatasetRef ref, String what) throws TaskFailedException {
        Layer first = conf.getConf(0).getLayer();
        if (first instanceof FeedForwardLayer ff && conf.getInputPreProcess(0) == null
                && ff.getNIn() != ref.features()) {
            throw new TaskFailedException(what + ": the first layer takes " + ff.getNIn() + " inputs but the dataset's "
                    + ref.rows() + "x" + ref.columns() + " images have " + ref.features() + " features");
        }
        Layer last = conf.getConf(conf.getConfs().size() - 1).getLayer();
        if (last instanceof FeedForwardLayer ff && ff.getNOut() != ref.classes()) {
            throw new TaskFailedException(what + ": the output layer has " + ff.getNOut()
                    + " outputs but the dataset has " + ref.classes() + " classes");
        }
    }

    /** A fresh network of the configuration, initialized from {@code seed} (every layer and ND4J's RNG). */
    static MultiLayerNetwork initialize(MultiLayerConfiguration conf, long seed) {
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            layerConf.setSeed(seed);
        }
        Nd4j.getRandom().setSeed(seed);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Trains {@code epochs} epochs over {@code data}, shuffled before epoch e with {@code seed + e}, in minibatches
     * of {@code batchSize} fed as an {@link ExistingDataSetIterator} (STACK.md, Deep learning).
     *
     * @return mean loss of the last epoch
     * @throws TaskFailedException if an epoch's mean loss is not finite
     */
    static double fit(MultiLayerNetwork net, DataSet data, int epochs, int batchSize, long seed,
                      ProgressListener listener) throws TaskFailedException {
        double lastEpochLoss = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            data.shuffle(seed + epoch);
            List<DataSet> batches = MiniBatches.of(data, batchSize);
            listener.beginEpoch(epoch, batches);
            net.fit(new ExistingDataSetIterator(batches));
            lastEpochLoss = listener.epochMeanLoss();
            if (!Double.isFinite(lastEpochLoss)) {
                throw new TaskFailedException("training diverged: mean loss of epoch " + epoch + " is "
                        + lastEpochLoss);
            }
        }
        return lastEpochLoss;
    }

    /** Saves the model with its updater state and uploads it; returns its content id. */
    String upload(MultiLayerNetwork net) throws IOException {
        Path file = Files.createTempFile(Files.createDirectories(workDir), "model-", ".zip");
        try {
            ModelSerializer.writeModel(net, file.toFile(), true);
            return blobs.put(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The model blob {@code modelCid} with its updater state. */
    MultiLayerNetwork restore(String modelCid) throws TaskFailedException, BlobException, IOException {
        Path file = blobs.fetch(modelCid);
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new TaskFailedException("model blob " + modelCid + " is not a DL4J MultiLayerNetwork zip: "
                    + TaskExecutor.describe(e), e);
        }
    }
}
