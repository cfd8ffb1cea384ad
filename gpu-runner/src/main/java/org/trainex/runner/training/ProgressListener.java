package org.trainex.runner.training;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.dataset.DataSet;

/**
 * DL4J training listener feeding a {@link ProgressTracker} and accumulating the mean loss of the current
 * epoch (minibatch scores weighted by minibatch size: the mean per-sample loss, plus any regularization term
 * DL4J adds to the score).
 *
 * <p>The executor announces each epoch's minibatches with {@link #beginEpoch(int, List)} before
 * {@code fit}; minibatch i of the epoch then has {@code batches.get(i).numExamples()} samples.
 */
final class ProgressListener extends BaseTrainingListener {
    private final ProgressTracker tracker;
    private List<DataSet> batches = List.of();
    private int epoch;
    private int batchIndex;
    private double epochLossSum;
    private long epochSamples;

    ProgressListener(ProgressTracker tracker) {
        this.tracker = tracker;
    }

    void beginEpoch(int epoch, List<DataSet> batches) {
        this.epoch = epoch;
        this.batches = batches;
        this.batchIndex = 0;
        this.epochLossSum = 0;
        this.epochSamples = 0;
        tracker.start();
    }

    @Override
    public void iterationDone(Model model, int iteration, int dl4jEpoch) {
        int n = batchIndex < batches.size() ? batches.get(batchIndex).numExamples() : 0;
        batchIndex++;
        double loss = model.score();
        epochLossSum += loss * n;
        epochSamples += n;
        tracker.advance(n, loss, epoch);
    }

    /** Mean loss over the samples of the epoch so far (NaN before the first minibatch). */
    double epochMeanLoss() {
        return epochSamples == 0 ? Double.NaN : epochLossSum / epochSamples;
    }
}
