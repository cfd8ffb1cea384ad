package org.trainex.runner.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainex.jobs.protocol.AggregateTask;
import org.trainex.jobs.protocol.ClassifyTask;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.jobs.protocol.EvaluateTask;
import org.trainex.jobs.protocol.NoopTask;
import org.trainex.jobs.protocol.TaskProgress;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.jobs.protocol.TrainTask;
import org.trainex.runner.data.IdxReader;

/** Executor rules on a tiny synthetic dataset (4x4 images, 2 classes: bright or dark), no network. */
class TaskExecutorTest {
    static final int N = 400;

    @TempDir
    Path dir;
    DirectoryBlobs blobs;
    TaskExecutor executor;
    DatasetRef data;
    final List<TaskProgress> progress = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        blobs = new DirectoryBlobs(dir);
        executor = new TaskExecutor(blobs, "test-runner", dir.resolve("work"));
        Random rnd = new Random(1);
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream img = new DataOutputStream(images);
        DataOutputStream lab = new DataOutputStream(labels);
        img.writeInt(IdxReader.IMAGES_MAGIC);
        img.writeInt(N);
        img.writeInt(4);
        img.writeInt(4);
        lab.writeInt(IdxReader.LABELS_MAGIC);
        lab.writeInt(N);
        for (int i = 0; i < N; i++) {
            boolean bright = rnd.nextBoolean();
            for (int k = 0; k < 16; k++) {
                img.writeByte(bright ? 150 + rnd.nextInt(100) : rnd.nextInt(100));
            }
            lab.writeByte(bright ? 1 : 0);
        }
        data = new DatasetRef(blobs.add(images.toByteArray()), blobs.add(labels.toByteArray()), N, 4, 4, 2);
    }

    static String config(int nIn, int nOut) {
        return new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(nIn).nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(nOut)
                        .activation(Activation.SOFTMAX).build())
                .build().toJson();
    }

    TrainTask train(String config, String initialModel, int offset, int count) {
        return new TrainTask(UUID.randomUUID(), UUID.randomUUID(), config, initialModel, data, offset, count, 3, 32, 7);
    }

    @Test
    void trainsUploadsAndEvaluates() throws Exception {
        TrainTask task = train(config(16, 2), null, 100, 300);
        TaskResult r = executor.execute(task, progress::add);
        assertEquals(TaskResult.Status.SUCCEEDED, r.status(), r.error());
        assertEquals(TaskResult.Kind.TRAIN, r.kind());
        assertEquals(900, r.samples());
        assertEquals(3, r.epochs());
        assertTrue(Double.isNaN(r.accuracy()));
        assertTrue(r.loss() > 0 && r.loss() < 0.7, "loss " + r.loss());
        assertTrue(r.samplesPerSecond() > 0);
        assertNull(r.error());
        Path model = blobs.fetch(r.modelCid());
        assertEquals(r.modelCid(), ContentIds.of(Files.readAllBytes(model)));
        assertTrue(progress.size() >= 2, "first and last progress report");
        TaskProgress last = progress.get(progress.size() - 1);
        assertEquals(900, last.samplesDone());
        assertEquals(900, last.samplesTotal());
        assertEquals(3, last.epoch());
        assertEquals(task.taskId(), last.taskId());

        TaskResult ev = executor.execute(new EvaluateTask(UUID.randomUUID(), task.jobId(), r.modelCid(), data, 64),
                ProgressSink.NONE);
        assertEquals(TaskResult.Status.SUCCEEDED, ev.status(), ev.error());
        assertEquals(TaskResult.Kind.EVALUATE, ev.kind());
        assertEquals(r.modelCid(), ev.modelCid());
        assertEquals(N, ev.samples());
        assertTrue(ev.accuracy() > 0.9, "accuracy " + ev.accuracy());
        assertTrue(ev.loss() > 0 && ev.loss() < 0.5, "loss " + ev.loss());

        TaskResult more = executor.execute(train(config(16, 2), r.modelCid(), 0, 0), ProgressSink.NONE);
        assertEquals(TaskResult.Status.SUCCEEDED, more.status(), more.error());
        assertEquals(3 * N, more.samples());
    }

    @Test
    void noopAnswersAtOnceWithoutBlobsOrProgress() throws Exception {
        NoopTask task = new NoopTask(UUID.randomUUID(), UUID.randomUUID());
        int before = blobs.files.size();
        TaskResult r = executor.execute(task, progress::add);
        assertEquals(TaskResult.noop(task, "test-runner", r.wallMillis()), r);
        assertEquals(TaskResult.Kind.NOOP, r.kind());
        assertEquals(TaskResult.Status.SUCCEEDED, r.status());
        assertNull(r.modelCid());
        assertTrue(r.wallMillis() >= 0 && r.wallMillis() < 1000, "wall " + r.wallMillis());
        assertTrue(progress.isEmpty(), "no progress for a noop");
        assertEquals(before, blobs.files.size(), "nothing uploaded");
    }

    @Test
    void sameSeedSameModel() throws Exception {
        TrainTask a = train(config(16, 2), null, 0, 200);
        TrainTask b = new TrainTask(UUID.randomUUID(), a.jobId(), a.modelConfigJson(), null, data, 0, 200, 3, 32, 7);
        assertEquals(executor.execute(a, ProgressSink.NONE).loss(), executor.execute(b, ProgressSink.NONE).loss(),
                1e-6);
    }

    @Test
    void unparseableConfigFails() throws Exception {
        TaskResult r = executor.execute(train("{ this is not json", null, 0, 0), ProgressSink.NONE);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertTrue(r.error().startsWith("modelConfigJson is not valid JSON: Unexpected character ('t'"), r.error());
        r = executor.execute(train("{}", null, 0, 0), ProgressSink.NONE);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertEquals("modelConfigJson is not a DL4J MultiLayerConfiguration: it has no 'confs' array of layer "
                + "configurations", r.error());
        String graph = "{\"confs\": [{\"layer\": {\"@class\": \"org.example.NoSuchLayer\"}}]}";
        r = executor.execute(train(graph, null, 0, 0), ProgressSink.NONE);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertTrue(r.error().startsWith("modelConfigJson is not a DL4J MultiLayerConfiguration: "), r.error());
    }

    @Test
    void shapesThatDoNotFitTheDatasetFail() throws Exception {
        TaskResult r = executor.execute(train(config(784, 2), null, 0, 0), ProgressSink.NONE);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertTrue(r.error().contains("first layer takes 784 inputs but the dataset's 4x4 images have 16 features"),
                r.error());
        r = executor.execute(train(config(16, 10), null, 0, 0), ProgressSink.NONE);
        assertTrue(r.error().contains("output layer has 10 outputs but the dataset has 2 classes"), r.error());
    }

    @Test
    void missingOrInvalidBlobsFail() throws Exception {
        String unknown = ContentIds.of(new byte[] {42});
        TaskResult r = executor.execute(new EvaluateTask(UUID.randomUUID(), UUID.randomUUID(), unknown, data, 10),
                ProgressSink.NONE);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertTrue(r.error().contains("not found"), r.error());
        String notAModel = blobs.add("not a zip".getBytes());
        r = executor.execute(new EvaluateTask(UUID.randomUUID(), UUID.randomUUID(), notAModel, data, 10),
                ProgressSink.NONE);
        assertTrue(r.error().startsWith("model blob " + notAModel + " is not a DL4J MultiLayerNetwork zip"), r.error());
        DatasetRef swapped = new DatasetRef(data.labelsCid(), data.imagesCid(), N, 4, 4, 2);
        r = executor.execute(new TrainTask(UUID.randomUUID(), UUID.randomUUID(), config(16, 2), null, swapped, 0, 0, 1,
                32, 1), ProgressSink.NONE);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertTrue(r.error().contains("not an IDX images file"), r.error());
    }

    ClassifyTask classify(String config, DatasetRef candidate) {
        return new ClassifyTask(UUID.randomUUID(), UUID.randomUUID(), config, data, candidate, 100, 3, 32, 7);
    }

    @Test
    void classifiesReusesTheOracleAndRetrainsWhenItsBlobIsGone() throws Exception {
        TaskResult r = executor.execute(classify(config(16, 2), data), progress::add);
        assertEquals(TaskResult.Status.SUCCEEDED, r.status(), r.error());
        assertEquals(TaskResult.Kind.CLASSIFY, r.kind());
        assertEquals(100, r.samples());
        assertEquals(3, r.epochs());
        assertTrue(Double.isNaN(r.loss()));
        assertTrue(r.accuracy() > 0.9, "the reference's own labels agree: " + r.accuracy());
        assertEquals(3 * (N - N / 10), progress.get(progress.size() - 1).samplesDone(), "trained on all but the "
                + "held-out tenth");
        assertTrue(r.referenceAccuracy() > 0.9, "accuracy on the held-out reference samples: " + r.referenceAccuracy());
        assertTrue(Files.isDirectory(dir.resolve("oracles")), "default oracle index beside the work dir");

        progress.clear();
        TaskResult reused = executor.execute(classify(config(16, 2), data), progress::add);
        assertEquals(r.modelCid(), reused.modelCid());
        assertEquals(r.accuracy(), reused.accuracy());
        assertEquals(r.referenceAccuracy(), reused.referenceAccuracy());
        assertTrue(progress.isEmpty(), "reused, not trained");

        blobs.files.remove(r.modelCid());  // the exchange and the cache lost the model: train it again
        TaskResult retrained = executor.execute(classify(config(16, 2), data), progress::add);
        assertEquals(TaskResult.Status.SUCCEEDED, retrained.status(), retrained.error());
        assertEquals(r.accuracy(), retrained.accuracy(), "training is deterministic for a seed");
        assertTrue(progress.size() >= 2, "trained again");
    }

    @Test
    void classifyFailuresAreClearAndComeBeforeTraining() throws Exception {
        TaskResult r = executor.execute(classify(config(784, 2), data), progress::add);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertEquals(TaskResult.Kind.CLASSIFY, r.kind());
        assertTrue(r.error().contains("first layer takes 784 inputs but the dataset's 4x4 images have 16 features"),
                r.error());
        DatasetRef missing = new DatasetRef(data.imagesCid(), ContentIds.of(new byte[] {9}), N, 4, 4, 2);
        r = executor.execute(classify(config(16, 2), missing), progress::add);
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertEquals(TaskResult.Kind.CLASSIFY, r.kind());
        assertTrue(r.error().contains("not found"), r.error());
        assertTrue(progress.isEmpty(), "a bad candidate fails before the oracle is trained");
        r = executor.execute(classify("{ nope", data), ProgressSink.NONE);
        assertEquals(TaskResult.Kind.CLASSIFY, r.kind());
        assertTrue(r.error().startsWith("modelConfigJson is not valid JSON"), r.error());
    }

    @Test
    void fedAvgRoundTrainsShardsAggregatesAndTrainsOn() throws Exception {
        // round 1: two runners train the same fresh model (same seed) on shards of 100 and 300 samples
        UUID job = UUID.randomUUID();
        TrainTask shard1 = new TrainTask(UUID.randomUUID(), job, config(16, 2), null, data, 0, 100, 2, 32, 7);
        TrainTask shard2 = new TrainTask(UUID.randomUUID(), job, config(16, 2), null, data, 100, 300, 2, 32, 7);
        TaskResult r1 = executor.execute(shard1, ProgressSink.NONE);
        TaskResult r2 = executor.execute(shard2, ProgressSink.NONE);
        assertEquals(TaskResult.Status.SUCCEEDED, r1.status(), r1.error());
        assertEquals(TaskResult.Status.SUCCEEDED, r2.status(), r2.error());

        AggregateTask aggregate = new AggregateTask(UUID.randomUUID(), job, List.of(
                new AggregateTask.WeightedModel(r1.modelCid(), 100), new AggregateTask.WeightedModel(r2.modelCid(), 300)),
                1);
        TaskResult avg = executor.execute(aggregate, progress::add);
        assertEquals(TaskResult.Status.SUCCEEDED, avg.status(), avg.error());
        assertEquals(TaskResult.Kind.AGGREGATE, avg.kind());
        assertEquals(aggregate.taskId(), avg.taskId());
        assertEquals(400, avg.samples());
        assertEquals(0, avg.epochs());
        assertTrue(Double.isNaN(avg.loss()) && Double.isNaN(avg.accuracy()));
        assertEquals(0.0, avg.samplesPerSecond());
        assertNull(avg.error());
        Path model = blobs.fetch(avg.modelCid());
        assertEquals(avg.modelCid(), ContentIds.of(Files.readAllBytes(model)));

        INDArray p1 = ModelSerializer.restoreMultiLayerNetwork(blobs.fetch(r1.modelCid()).toFile(), false).params();
        INDArray p2 = ModelSerializer.restoreMultiLayerNetwork(blobs.fetch(r2.modelCid()).toFile(), false).params();
        MultiLayerNetwork averaged = ModelSerializer.restoreMultiLayerNetwork(model.toFile(), true);
        double[] expected = p1.mul(0.25).addi(p2.mul(0.75)).toDoubleVector();
        double[] got = averaged.params().toDoubleVector();
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 1e-7, "parameter " + i);
        }

        TaskResult ev = executor.execute(new EvaluateTask(UUID.randomUUID(), job, avg.modelCid(), data, 64),
                ProgressSink.NONE);
        assertEquals(TaskResult.Status.SUCCEEDED, ev.status(), ev.error());
        assertTrue(ev.accuracy() > 0.9, "the averaged model classifies: " + ev.accuracy());

        // round 2 starts from the average (no updater state in it: the updater starts afresh)
        TaskResult round2 = executor.execute(new TrainTask(UUID.randomUUID(), job, config(16, 2), avg.modelCid(), data,
                0, 100, 1, 32, 8), ProgressSink.NONE);
        assertEquals(TaskResult.Status.SUCCEEDED, round2.status(), round2.error());
    }
}
