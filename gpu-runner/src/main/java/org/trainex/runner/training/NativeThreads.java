package org.trainex.runner.training;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread settings of the ND4J native backend (libnd4j's thread pool and OpenBLAS).
 *
 * <p>The native backend reads {@code OMP_NUM_THREADS} when it loads; without it, it sizes its pools from the
 * core count, and on a 2-core machine two threads contend with the JVM and throughput collapses (STACK.md,
 * Deep learning). The launcher therefore exports {@code OMP_NUM_THREADS=1}, and {@link #configure(int)} sets
 * the same limit programmatically for a runner started without it. That gives the same throughput, but the
 * OpenMP pool created at load time keeps its extra threads spinning between parallel regions: measured on
 * 2 cores, 175% CPU instead of 126% for the same training (docs/benchmarks.md). Export the variable.
 */
public final class NativeThreads {
    private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);

    /**
     * The thread count to use when none is configured: {@code OMP_NUM_THREADS} if set to a positive
     * integer, else 1.
     */
    public static int defaultThreads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        try {
            int n = omp == null ? 1 : Integer.parseInt(omp.trim());
            return n > 0 ? n : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * Limits libnd4j and OpenBLAS to {@code threads} threads. Loads the ND4J backend (about 1 s the first
     * time).
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (System.getenv("OMP_NUM_THREADS") == null) {
            LOG.warn("OMP_NUM_THREADS is not set: limiting ND4J to {} thread(s) programmatically, but idle OpenMP "
                    + "threads still spin; export OMP_NUM_THREADS={} (./trainex runner does)", threads, threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        LOG.info("ND4J backend {} with {} thread(s) (OMP_NUM_THREADS={}, BLAS {})",
                Nd4j.getBackend().getClass().getSimpleName(), threads, System.getenv("OMP_NUM_THREADS"),
                Nd4j.factory().blas().getBlasVendor());
    }

    private NativeThreads() {
    }
}
