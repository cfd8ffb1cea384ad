package org.trainex.runner.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainex.jobs.protocol.ClassifyTask;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.jobs.protocol.TaskProgress;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.runner.data.IdxImages;
import org.trainex.runner.data.IdxLabels;
import org.trainex.runner.data.IdxReader;
import org.trainex.runner.models.ReferenceModels;

/**
 * The oracle classifier on real Fashion-MNIST: an MLP trained 1 epoch on 6,000 training images checks a
 * 1,000-image shard from elsewhere in the training set (samples 30,000..30,999), once with its true labels and
 * once with the same labels shuffled by a seeded permutation; 500 samples of each are checked.
 */
class OracleClassifierTest {
    static final int REFERENCE = 6_000;
    static final int SHARD_OFFSET = 30_000;
    static final int SHARD = 1_000;

    @TempDir
    Path dir;

    static byte[] idxImages(IdxImages all, int offset, int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.IMAGES_MAGIC);
        out.writeInt(n);
        out.writeInt(all.rows());
        out.writeInt(all.columns());
        out.write(all.pixels(), offset * all.features(), n * all.features());
        return bytes.toByteArray();
    }

    static byte[] idxLabels(byte[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABELS_MAGIC);
        out.writeInt(labels.length);
        out.write(labels);
        return bytes.toByteArray();
    }

    @Test
    void honestLabelsAgreeShuffledLabelsDoNot() throws Exception {
        long t0 = System.nanoTime();
        Path fashion = Path.of(System.getProperty("fashion.mnist.dir", "/usr/share/datasets/fashion-mnist"));
        assertTrue(Files.isDirectory(fashion), "Fashion-MNIST is required (apt-get install dataset-fashion-mnist)");
        IdxImages images = IdxReader.readImages(fashion.resolve("train-images-idx3-ubyte.gz"));
        IdxLabels labels = IdxReader.readLabels(fashion.resolve("train-labels-idx1-ubyte.gz"));
        DirectoryBlobs blobs = new DirectoryBlobs(dir);
        DatasetRef reference = new DatasetRef(blobs.add(idxImages(images, 0, REFERENCE)),
                blobs.add(idxLabels(Arrays.copyOfRange(labels.labels(), 0, REFERENCE))), REFERENCE, 28, 28, 10);
        byte[] honest = Arrays.copyOfRange(labels.labels(), SHARD_OFFSET, SHARD_OFFSET + SHARD);
        byte[] shuffled = honest.clone();
        Random permutation = new Random(2024);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = permutation.nextInt(i + 1);
            byte t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        String shardImages = blobs.add(idxImages(images, SHARD_OFFSET, SHARD));
        DatasetRef candidateA = new DatasetRef(shardImages, blobs.add(idxLabels(honest)), SHARD, 28, 28, 10);
        DatasetRef candidateB = new DatasetRef(shardImages, blobs.add(idxLabels(shuffled)), SHARD, 28, 28, 10);
        String mlp = ReferenceModels.json("mlp");
        TaskExecutor executor = new TaskExecutor(blobs, "oracle-test", dir.resolve("work"), dir.resolve("oracles"));

        List<TaskProgress> progress = new ArrayList<>();
        ClassifyTask a = new ClassifyTask(UUID.randomUUID(), UUID.randomUUID(), mlp, reference, candidateA, 500, 1,
                32, 42L);
        long ta = System.nanoTime();
        TaskResult ra = executor.execute(a, progress::add);
        double secondsA = (System.nanoTime() - ta) / 1e9;
        assertEquals(TaskResult.Status.SUCCEEDED, ra.status(), ra.error());
        assertEquals(TaskResult.Kind.CLASSIFY, ra.kind());
        assertEquals(500, ra.samples());
        assertEquals(1, ra.epochs());
        assertTrue(Double.isNaN(ra.loss()));
        assertEquals(ra.modelCid(), ContentIds.of(Files.readAllBytes(blobs.fetch(ra.modelCid()))), "model uploaded");
        assertTrue(progress.size() >= 2, "progress while training: " + progress);
        // the oracle trains on the reference minus its held-out tenth, and reports its accuracy on that tenth
        assertEquals(REFERENCE - REFERENCE / 10, progress.get(progress.size() - 1).samplesDone());
        assertEquals(REFERENCE - REFERENCE / 10, progress.get(0).samplesTotal());
        assertEquals(REFERENCE / 10, a.heldOutIndices().length);
        assertTrue(ra.referenceAccuracy() > 0.7 && ra.referenceAccuracy() <= 1, "held-out accuracy "
                + ra.referenceAccuracy());

        progress.clear();
        ClassifyTask b = new ClassifyTask(UUID.randomUUID(), UUID.randomUUID(), mlp, reference, candidateB, 500, 1,
                32, 42L);
        long tb = System.nanoTime();
        TaskResult rb = executor.execute(b, progress::add);
        double secondsB = (System.nanoTime() - tb) / 1e9;
        assertEquals(TaskResult.Status.SUCCEEDED, rb.status(), rb.error());
        assertEquals(ra.modelCid(), rb.modelCid(), "same training inputs: the oracle is reused");
        assertTrue(progress.isEmpty(), "no training for a reused oracle: " + progress);
        assertEquals(a.sampleIndices().length, 500);
        assertTrue(Arrays.equals(a.sampleIndices(), b.sampleIndices()), "same seed, same sample");

        System.out.printf("OracleClassifierTest: agreement honest %.3f (trained, %.1f s), shuffled %.3f (reused, "
                + "%.1f s); test %.1f s%n", ra.accuracy(), secondsA, rb.accuracy(), secondsB,
                (System.nanoTime() - t0) / 1e9);
        assertTrue(ra.accuracy() > 0.75, "honest agreement " + ra.accuracy());
        assertTrue(rb.accuracy() < 0.3, "shuffled agreement " + rb.accuracy());

        // the restored oracle predicts exactly as the freshly trained one did
        TaskResult again = executor.execute(new ClassifyTask(UUID.randomUUID(), a.jobId(), mlp, reference,
                candidateA, 500, 1, 32, 42L), ProgressSink.NONE);
        assertEquals(ra.accuracy(), again.accuracy());
        assertEquals(ra.referenceAccuracy(), again.referenceAccuracy(), "the reused oracle measures the same");
        assertEquals(ra.modelCid(), again.modelCid());
    }
}
