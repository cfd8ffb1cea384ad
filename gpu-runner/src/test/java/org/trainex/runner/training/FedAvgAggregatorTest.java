package org.trainex.runner.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainex.jobs.protocol.AggregateTask;
import org.trainex.jobs.protocol.AggregateTask.WeightedModel;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.jobs.protocol.TaskResult;

/** FedAvg's weighted average on tiny networks with known parameters, and its refusals. */
class FedAvgAggregatorTest {
    @TempDir
    Path dir;
    DirectoryBlobs blobs;
    FedAvgAggregator aggregator;
    TaskExecutor executor;

    @BeforeEach
    void setUp() {
        blobs = new DirectoryBlobs(dir);
        aggregator = new FedAvgAggregator(blobs, dir.resolve("work"));
        executor = new TaskExecutor(blobs, "test-runner", dir.resolve("work"));
    }

    /** 4 inputs, {@code hidden} ReLU units, 2 softmax outputs: (4*h + h) + (h*2 + 2) parameters. */
    static MultiLayerNetwork net(int hidden, Activation activation, DataType type, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(type).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(hidden).activation(activation).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    static MultiLayerNetwork net(double fill) {
        MultiLayerNetwork net = net(3, Activation.RELU, DataType.FLOAT, 1);
        net.params().assign(fill);
        return net;
    }

    String store(MultiLayerNetwork net) throws Exception {
        Path file = Files.createTempFile(dir, "net-", ".zip");
        ModelSerializer.writeModel(net, file.toFile(), true);
        return blobs.put(file);
    }

    AggregateTask task(WeightedModel... models) {
        return new AggregateTask(UUID.randomUUID(), UUID.randomUUID(), List.of(models), 1);
    }

    @Test
    void weightsByTheModelsSamples() throws Exception {
        String ones = store(net(1.0));
        String threes = store(net(3.0));
        MultiLayerNetwork avg = aggregator.average(List.of(new WeightedModel(ones, 1), new WeightedModel(threes, 3)));
        INDArray p = avg.params();
        assertEquals(3 * 4 + 3 + 3 * 2 + 2, p.length());
        assertEquals(DataType.FLOAT, p.dataType());
        assertEquals(2.5, p.minNumber().doubleValue(), 0.0, "(1*1 + 3*3) / 4, exactly");
        assertEquals(2.5, p.maxNumber().doubleValue(), 0.0);
        // equal weights: the plain mean; one model: itself
        assertEquals(2.0, aggregator.average(List.of(new WeightedModel(ones, 7), new WeightedModel(threes, 7)))
                .params().meanNumber().doubleValue(), 0.0);
        assertEquals(3.0, aggregator.average(List.of(new WeightedModel(threes, 5))).params().minNumber()
                .doubleValue(), 0.0);
    }

    @Test
    void averagesArbitraryParametersToFloatPrecision() throws Exception {
        MultiLayerNetwork a = net(3, Activation.RELU, DataType.FLOAT, 11);
        MultiLayerNetwork b = net(3, Activation.RELU, DataType.FLOAT, 12);
        MultiLayerNetwork c = net(3, Activation.RELU, DataType.FLOAT, 13);
        long[] n = {1000, 2500, 333};
        MultiLayerNetwork avg = aggregator.average(List.of(new WeightedModel(store(a), n[0]),
                new WeightedModel(store(b), n[1]), new WeightedModel(store(c), n[2])));
        double total = n[0] + n[1] + n[2];
        double[] pa = a.params().toDoubleVector();
        double[] pb = b.params().toDoubleVector();
        double[] pc = c.params().toDoubleVector();
        double[] got = avg.params().toDoubleVector();
        for (int i = 0; i < got.length; i++) {
            double expected = (n[0] * pa[i] + n[1] * pb[i] + n[2] * pc[i]) / total;  // in double
            assertEquals(expected, got[i], 1e-6 * Math.max(1, Math.abs(expected)), "parameter " + i);
        }
    }

    @Test
    void savesTheAverageWithoutUpdaterStateAndUploadsIt() throws Exception {
        MultiLayerNetwork trained = net(1.0);
        AggregateTask task = task(new WeightedModel(store(trained), 2), new WeightedModel(store(net(3.0)), 2));
        String cid = aggregator.aggregate(task);
        Path file = blobs.fetch(cid);
        assertEquals(cid, ContentIds.of(Files.readAllBytes(file)));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertTrue(zip.getEntry("coefficients.bin") != null && zip.getEntry("configuration.json") != null);
            assertNull(zip.getEntry("updaterState.bin"), "FedAvg averages parameters only");
        }
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        assertEquals(2.0, restored.params().minNumber().doubleValue(), 0.0);
        assertEquals(2.0, restored.params().maxNumber().doubleValue(), 0.0);
        assertFalse(Files.list(dir.resolve("work")).findAny().isPresent(), "temporary file removed");
    }

    @Test
    void modelsOfDifferentNetworksFailWithAClearError() throws Exception {
        String base = store(net(1.0));
        TaskResult r = executor.execute(task(new WeightedModel(base, 1),
                new WeightedModel(store(net(4, Activation.RELU, DataType.FLOAT, 1)), 1)), ProgressSink.NONE);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertEquals(TaskResult.Kind.AGGREGATE, r.kind());
        assertTrue(r.error().startsWith("model 1 (") && r.error().contains(" has 30 parameters but model 0 ("
                + base + ") has 23: FedAvg averages models of one network configuration"), r.error());

        String tanh = store(net(3, Activation.TANH, DataType.FLOAT, 1));  // same parameter count
        r = executor.execute(task(new WeightedModel(base, 1), new WeightedModel(tanh, 1)), ProgressSink.NONE);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertTrue(r.error().startsWith("model 1 (" + tanh + ")'s network configuration differs from model 0's ("
                + base + ") in layer 0 (DenseLayer)"), r.error());

        String doubles = store(net(3, Activation.RELU, DataType.DOUBLE, 1));
        r = executor.execute(task(new WeightedModel(base, 1), new WeightedModel(doubles, 1)), ProgressSink.NONE);
        assertTrue(r.error().contains("has DOUBLE parameters but model 0 (" + base + ") has FLOAT"), r.error());
    }

    @Test
    void unusableModelsFail() throws Exception {
        String base = store(net(1.0));
        MultiLayerNetwork diverged = net(1.0);
        diverged.params().putScalar(5, Float.NaN);
        TaskResult r = executor.execute(task(new WeightedModel(base, 1), new WeightedModel(store(diverged), 1)),
                ProgressSink.NONE);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertTrue(r.error().matches("model 1 \\(\\w+\\) has non-finite parameters \\(NaN or infinity\\): its "
                + "training diverged"), r.error());

        String notAModel = blobs.add("not a zip".getBytes());
        r = executor.execute(task(new WeightedModel(base, 1), new WeightedModel(notAModel, 1)), ProgressSink.NONE);
        assertTrue(r.error().startsWith("model blob " + notAModel + " is not a DL4J MultiLayerNetwork zip"),
                r.error());

        String unknown = ContentIds.of(new byte[] {42});
        r = executor.execute(task(new WeightedModel(unknown, 1)), ProgressSink.NONE);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertTrue(r.error().contains("not found"), r.error());

        assertThrows(IllegalArgumentException.class, () -> aggregator.average(Collections.emptyList()));
    }
}
