package org.trainex.runner.capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.runner.models.ReferenceModels;

/**
 * Measures this runner's training capacity when it starts, in <b>samples/s</b> of the reference model, so that
 * the exchange can allocate compute by capacity (DKLabs, seed {@code 002_8b9981a38935bd21.txt}, Section 7.2
 * item 3: the verifier "keeps track of the size and capability of each worker ... and splits the work into
 * chunks of different sizes based on the size of the workers").
 *
 * <p>What is measured: the reference MLP 784-256-10 ({@link ReferenceModels#mlp784x256x10(long)}, the model
 * the exchange offers by default: "mlp-784-256-10") trained with {@code fit} on minibatches of
 * {@value #BATCH_SIZE} synthetic samples: 784 floats uniform in [0,1) and one-hot labels of 10 classes drawn
 * from {@code java.util.Random(seed)} ({@value #POOL_BATCHES} distinct batches, cycled). First a warm-up of
 * {@link Settings#warmUp()} (at least one batch: JIT, native kernels, workspaces), not counted; then batches
 * until {@link Settings#measure()} has passed or {@link Settings#maxBatches()} batches are done, whichever comes
 * first (at least one). The figure is measured samples / measured seconds, wall clock, with the native thread
 * settings the runner trains with ({@code --threads}). With the defaults the probe takes about 2.5 s (warm-up
 * 0.5 s, measurement at most 2 s or 400 batches), plus the duration of one batch at either end.
 *
 * <p>The figure leaves out what a real task adds (data download, decoding, shuffling, cutting minibatches), so
 * a task's samples/s is somewhat lower; the exchange spot-checks the claim against the results it receives.
 * Operators who know their figure skip the probe with {@code --capacity} ({@link #declared(double)}).
 */
public final class CapacityProbe {
    /** The model the figure is measured on, as the exchange names it. */
    public static final String MODEL = "mlp-784-256-10";
    /** Samples per minibatch. */
    public static final int BATCH_SIZE = 128;
    /** How the figure was obtained, as sent to the exchange ({@code measuredOn}). */
    public static final String MEASURED_ON = MODEL + ", batch " + BATCH_SIZE + ", synthetic data";
    /** Distinct synthetic minibatches, used in turn (4 x 128 x 794 floats: 1.6 MB). */
    static final int POOL_BATCHES = 4;
    private static final int FEATURES = 784;
    private static final int CLASSES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(CapacityProbe.class);

    /**
     * How long and on what the probe trains.
     *
     * @param warmUp     warm-up time, not measured (at least one batch runs)
     * @param measure    measuring time limit (at least one batch is measured)
     * @param maxBatches measured batches limit, at least 1: the measurement ends at whichever limit comes first
     * @param seed       seed of the weights and the synthetic data
     */
    public record Settings(Duration warmUp, Duration measure, int maxBatches, long seed) {
        /** 0.5 s warm-up, then at most 2 s or 400 batches (51,200 samples); seed 42. */
        public static final Settings DEFAULT = new Settings(Duration.ofMillis(500), Duration.ofSeconds(2), 400,
                ReferenceModels.DEFAULT_SEED);

        /** @throws IllegalArgumentException on negative durations or {@code maxBatches < 1} */
        public Settings {
            Objects.requireNonNull(warmUp);
            Objects.requireNonNull(measure);
            if (warmUp.isNegative() || measure.isNegative() || maxBatches < 1) {
                throw new IllegalArgumentException("durations must not be negative and maxBatches must be >= 1");
            }
        }
    }

    /**
     * A capacity figure.
     *
     * @param samplesPerSecond training throughput, samples/s, finite and positive
     * @param samples          samples measured (0 when declared)
     * @param seconds          seconds measured (0 when declared)
     * @param measuredOn       how the figure was obtained, for the exchange
     * @param declared         true if given by the operator ({@code --capacity}) instead of measured
     */
    public record Capacity(double samplesPerSecond, long samples, double seconds, String measuredOn,
                           boolean declared) {
        /** @throws IllegalArgumentException if {@code samplesPerSecond} is not finite and positive */
        public Capacity {
            if (!(samplesPerSecond > 0) || Double.isInfinite(samplesPerSecond)) {
                throw new IllegalArgumentException("capacity must be a positive number of samples/s, not "
                        + samplesPerSecond);
            }
            Objects.requireNonNull(measuredOn);
        }

        /** For log lines: "1234.5 samples/s (measured: 25600 samples in 2.00 s on ...)". */
        public String describe() {
            return declared
                    ? String.format(Locale.ROOT, "%.1f samples/s (declared with --capacity, not measured)",
                    samplesPerSecond)
                    : String.format(Locale.ROOT, "%.1f samples/s (measured: %d samples in %.2f s on %s)",
                    samplesPerSecond, samples, seconds, measuredOn);
        }
    }

    private final Settings settings;

    public CapacityProbe(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    /** A figure the operator declared ({@code --capacity S}, samples/s): nothing is trained. */
    public static Capacity declared(double samplesPerSecond) {
        return new Capacity(samplesPerSecond, 0, 0, MEASURED_ON + " (declared by the operator)", true);
    }

    /**
     * Trains the reference model on synthetic data as the class comment describes, and logs the figure. Loads
     * the ND4J backend if it is not loaded yet (about 1 s).
     *
     * @return the measured capacity
     * @throws IllegalStateException if nothing could be timed (a clock that does not advance)
     */
    public Capacity measure() {
        long t0 = System.nanoTime();
        DataSet[] pool = syntheticBatches(settings.seed());
        MultiLayerNetwork net = new MultiLayerNetwork(ReferenceModels.mlp784x256x10(settings.seed()));
        try {
            net.init();
            int next = 0;
            long warmUpEnd = System.nanoTime() + settings.warmUp().toNanos();
            do {
                net.fit(pool[next++ % pool.length]);
            } while (System.nanoTime() - warmUpEnd < 0);
            long start = System.nanoTime();
            long measureEnd = start + settings.measure().toNanos();
            long batches = 0;
            long now;
            do {
                net.fit(pool[next++ % pool.length]);
                batches++;
                now = System.nanoTime();
            } while (now - measureEnd < 0 && batches < settings.maxBatches());
            double seconds = (now - start) / 1e9;
            if (!(seconds > 0)) {
                throw new IllegalStateException("the capacity probe measured no time");
            }
            long samples = batches * BATCH_SIZE;
            Capacity capacity = new Capacity(samples / seconds, samples, seconds, MEASURED_ON, false);
            LOG.info("capacity {}; probe took {} s", capacity.describe(),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
            return capacity;
        } finally {
            net.close();
        }
    }

    /** {@link #POOL_BATCHES} minibatches: features uniform in [0,1), one-hot labels, from {@code Random(seed)}. */
    static DataSet[] syntheticBatches(long seed) {
        Random random = new Random(seed);
        DataSet[] pool = new DataSet[POOL_BATCHES];
        for (int b = 0; b < POOL_BATCHES; b++) {
            float[] x = new float[BATCH_SIZE * FEATURES];
            float[] y = new float[BATCH_SIZE * CLASSES];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat();
            }
            for (int r = 0; r < BATCH_SIZE; r++) {
                y[r * CLASSES + random.nextInt(CLASSES)] = 1f;
            }
            pool[b] = new DataSet(Nd4j.create(x, new long[] {BATCH_SIZE, FEATURES}, DataType.FLOAT),
                    Nd4j.create(y, new long[] {BATCH_SIZE, CLASSES}, DataType.FLOAT));
        }
        return pool;
    }

    /**
     * What this runner trains on, for the exchange ({@code hardware}, at most 500 characters): e.g.
     * {@code "cpu x2 (Intel(R) Xeon(R) ...), ND4J CpuBackend, BLAS OPENBLAS, 1 thread(s)"}. Loads the ND4J
     * backend if it is not loaded yet.
     *
     * @param threads the native threads the runner uses ({@code --threads})
     */
    public static String hardware(int threads) {
        StringBuilder sb = new StringBuilder("cpu x").append(Runtime.getRuntime().availableProcessors());
        String model = cpuModel();
        if (model != null) {
            sb.append(" (").append(model).append(')');
        }
        sb.append(", ND4J ").append(Nd4j.getBackend().getClass().getSimpleName());
        try {
            sb.append(", BLAS ").append(Nd4j.factory().blas().getBlasVendor());
        } catch (RuntimeException e) {
            LOG.debug("BLAS vendor unknown: {}", e.toString());
        }
        sb.append(", ").append(threads).append(" thread(s)");
        return sb.length() <= 500 ? sb.toString() : sb.substring(0, 500);
    }

    /** The first {@code model name} of /proc/cpuinfo (Linux), or null. */
    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .filter(s -> !s.isEmpty()).map(s -> s.replaceAll("\\s+", " ")).findFirst()
                    .map(s -> s.length() > 200 ? s.substring(0, 200) : s).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
