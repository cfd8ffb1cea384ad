package org.trainex.runner.training;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Splits a dataset into consecutive minibatches for {@code new ExistingDataSetIterator(batches)}.
 *
 * <p>{@link #of(DataSet, int)} gives the same minibatches, in the same order, as {@link DataSet#batchBy(int)}:
 * rows {@code [0, n)}, {@code [n, 2n)}, ..., the last one possibly smaller, each a fresh contiguous copy. It
 * copies row ranges ({@code DataSet.getRange(...).dup()}) instead of splitting the dataset into one DataSet per
 * sample and merging them again as {@code batchBy} does: measured on 2 cores, 60,000 x 784 samples at
 * n = 128, {@code batchBy} takes about 2 s per epoch, about as long as the training step itself
 * (docs/benchmarks.md). Views without the copy are cheaper to cut but made {@code fit} slower at n = 512.
 * Memory: one more copy of {@code ds} (4 x N x (features + classes) bytes off-heap) while the list lives.
 */
public final class MiniBatches {
    /**
     * @param ds features {@code [N, ...]}, labels {@code [N, classes]}
     * @param n  samples per minibatch, at least 1
     * @return ceil(N / n) minibatches
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static List<DataSet> of(DataSet ds, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        int total = ds.numExamples();
        List<DataSet> batches = new ArrayList<>((total + n - 1) / n);
        for (int from = 0; from < total; from += n) {
            DataSet view = (DataSet) ds.getRange(from, Math.min(total, from + n));
            batches.add(new DataSet(view.getFeatures().dup(), view.getLabels().dup()));
        }
        return batches;
    }

    private MiniBatches() {
    }
}
