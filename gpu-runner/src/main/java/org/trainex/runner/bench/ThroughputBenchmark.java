package org.trainex.runner.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.trainex.runner.data.IdxReader;
import org.trainex.runner.data.LabelledImages;
import org.trainex.runner.models.ReferenceModels;
import org.trainex.runner.training.MiniBatches;
import org.trainex.runner.training.NativeThreads;

/**
 * Training throughput of the reference MLP 784-256-10 ({@link ReferenceModels#mlp784x256x10(long)}) on the
 * full Fashion-MNIST training set (60,000 samples), the way the runner trains: per epoch, shuffle with
 * {@code seed + epoch}, cut minibatches, {@code fit(new ExistingDataSetIterator(batches))}.
 *
 * <p>For each batch size and each way of cutting minibatches ({@code copies}: {@link MiniBatches}, what the
 * runner does; {@code batchBy}: {@code DataSet.batchBy}, for comparison): a fresh network with the same seed,
 * one warm-up epoch (not measured), then {@code --epochs} measured epochs. Printed: samples/s over the
 * measured epochs including the per-epoch shuffle and batching (the figure that counts) and for {@code fit}
 * alone, and the test-set accuracy (10,000 samples) after all epochs as a sanity check. One machine-readable
 * line per run: {@code RESULT framework=dl4j batching=copies batch=B epochs=E samples_per_s=X
 * fit_samples_per_s=Y test_accuracy=A}.
 *
 * <p>Usage: {@code ThroughputBenchmark [--data-dir DIR] [--batch-sizes 128,512] [--epochs 3] [--threads 1]
 * [--seed 42] [--batching copies|batchBy|both]}; run with {@code OMP_NUM_THREADS=1}
 * (bench/runner-throughput.sh does).
 */
public final class ThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        List<Integer> batchSizes = List.of(128, 512);
        int epochs = 3;
        int threads = NativeThreads.defaultThreads();
        long seed = 42;
        List<String> batchings = List.of("copies", "batchBy");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dir = Path.of(args[++i]);
                case "--batch-sizes" -> {
                    List<Integer> b = new ArrayList<>();
                    for (String s : args[++i].split(",")) {
                        b.add(Integer.parseInt(s.trim()));
                    }
                    batchSizes = b;
                }
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--batching" -> {
                    String b = args[++i];
                    batchings = b.equals("both") ? List.of("copies", "batchBy") : List.of(b);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        NativeThreads.configure(threads);
        long t0 = System.nanoTime();
        LabelledImages train = LabelledImages.of(IdxReader.readImages(dir.resolve("train-images-idx3-ubyte.gz")),
                IdxReader.readLabels(dir.resolve("train-labels-idx1-ubyte.gz")), 60_000, 28, 28, 10);
        LabelledImages test = LabelledImages.of(IdxReader.readImages(dir.resolve("t10k-images-idx3-ubyte.gz")),
                IdxReader.readLabels(dir.resolve("t10k-labels-idx1-ubyte.gz")), 10_000, 28, 28, 10);
        DataSet trainSet = train.toDataSet(0, train.count());
        DataSet testSet = test.toDataSet(0, test.count());
        System.out.printf(Locale.ROOT, "dl4j: loaded %d train + %d test samples in %.1f s; java %s, %d thread(s)%n",
                train.count(), test.count(), (System.nanoTime() - t0) / 1e9, System.getProperty("java.version"),
                threads);
        for (int batch : batchSizes) {
            for (String batching : batchings) {
                run(trainSet, testSet, batch, epochs, seed, batching);
            }
        }
    }

    private static void run(DataSet trainSet, DataSet testSet, int batch, int epochs, long seed,
                            String batching) {
        trainSet = trainSet.copy();  // every run starts from the file order
        MultiLayerNetwork net = new MultiLayerNetwork(ReferenceModels.mlp784x256x10(seed));
        net.init();
        boolean views = batching.equals("copies");
        epoch(net, trainSet, batch, seed, views);  // warm-up: JIT, workspaces
        long total = 0;
        long fit = 0;
        for (int e = 1; e <= epochs; e++) {
            long[] t = epoch(net, trainSet, batch, seed + e, views);
            total += t[0];
            fit += t[1];
            System.out.printf(Locale.ROOT, "dl4j %s batch %d epoch %d: %.0f samples/s (fit only %.0f), loss %.4f%n",
                    batching, batch, e, trainSet.numExamples() / (t[0] / 1e9), trainSet.numExamples() / (t[1] / 1e9),
                    net.score());
        }
        double samples = (double) trainSet.numExamples() * epochs;
        Evaluation eval = new Evaluation(10);
        for (DataSet b : MiniBatches.of(testSet, 1000)) {
            eval.eval(b.getLabels(), net.output(b.getFeatures(), false));
        }
        System.out.printf(Locale.ROOT, "RESULT framework=dl4j batching=%s batch=%d epochs=%d samples_per_s=%.0f "
                        + "fit_samples_per_s=%.0f test_accuracy=%.4f%n", batching, batch, epochs, samples / (total / 1e9),
                samples / (fit / 1e9), eval.accuracy());
    }

    /** @return {total nanos, fit-only nanos} of one epoch */
    private static long[] epoch(MultiLayerNetwork net, DataSet trainSet, int batch, long seed, boolean views) {
        long start = System.nanoTime();
        trainSet.shuffle(seed);
        List<DataSet> batches = views ? MiniBatches.of(trainSet, batch) : trainSet.batchBy(batch);
        long fitStart = System.nanoTime();
        net.fit(new ExistingDataSetIterator(batches));
        long end = System.nanoTime();
        return new long[] {end - start, end - fitStart};
    }

    private ThroughputBenchmark() {
    }
}
