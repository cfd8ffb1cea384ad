package org.trainex.runner.training;

import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.jobs.protocol.TaskProgress;

/**
 * Counts samples as a task works through them and emits {@link TaskProgress} reports: on the first minibatch,
 * then at most every {@value #INTERVAL_MILLIS} ms, and once at the end. Each report is also logged as one line:
 * phase, epoch, samples done/total, latest minibatch loss, samples/s (since the first minibatch) and the ETA in
 * seconds (remaining samples / samples/s). Not thread-safe: one tracker per task, used on the training thread.
 */
public final class ProgressTracker {
    /** Minimum time between two reports, in milliseconds. */
    public static final long INTERVAL_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);

    private final UUID taskId;
    private final UUID jobId;
    private final String runnerId;
    private final String phase;
    private final int epochs;
    private final long samplesTotal;
    private final ProgressSink sink;
    private long startNanos = -1;
    private long lastReportNanos;
    private long samplesDone;
    private long samplesReported = -1;
    private int epoch = 1;
    private double lastLoss = Double.NaN;

    /**
     * @param phase        word for the log line ("train", "evaluate")
     * @param epochs       epochs of the task (1 for evaluation)
     * @param samplesTotal samples the task will process over all epochs
     */
    public ProgressTracker(UUID taskId, UUID jobId, String runnerId, String phase, int epochs, long samplesTotal,
                           ProgressSink sink) {
        this.taskId = taskId;
        this.jobId = jobId;
        this.runnerId = runnerId;
        this.phase = phase;
        this.epochs = epochs;
        this.samplesTotal = samplesTotal;
        this.sink = sink;
    }

    /** Starts the clock (if not yet started); samples/s is measured from here. */
    public void start() {
        if (startNanos < 0) {
            startNanos = System.nanoTime();
        }
    }

    /**
     * Records a processed minibatch.
     *
     * @param samples samples in it
     * @param loss    its loss (score)
     * @param epoch   current epoch, 1-based
     */
    public void advance(int samples, double loss, int epoch) {
        start();
        boolean first = samplesDone == 0;
        samplesDone += samples;
        lastLoss = loss;
        this.epoch = epoch;
        long now = System.nanoTime();
        if (first || now - lastReportNanos >= INTERVAL_MILLIS * 1_000_000L) {
            emit(now);
        }
    }

    /** Emits the final report (unless the last one already said everything). */
    public void finish() {
        if (startNanos >= 0 && samplesReported != samplesDone) {
            emit(System.nanoTime());
        }
    }

    /** Samples processed so far. */
    public long samplesDone() {
        return samplesDone;
    }

    /** Throughput since {@link #start()}, samples/s (0 before any sample). */
    public double samplesPerSecond() {
        return samplesPerSecond(System.nanoTime());
    }

    private double samplesPerSecond(long now) {
        double seconds = (now - startNanos) / 1e9;
        return startNanos < 0 || seconds <= 0 ? 0 : samplesDone / seconds;
    }

    private void emit(long now) {
        lastReportNanos = now;
        samplesReported = samplesDone;
        double rate = samplesPerSecond(now);
        long eta = rate > 0 ? (long) Math.ceil((samplesTotal - samplesDone) / rate) : -1;
        TaskProgress progress = new TaskProgress(taskId, jobId, runnerId, epoch, epochs, samplesDone, samplesTotal,
                lastLoss, rate, Math.max(eta, 0), System.currentTimeMillis());
        LOG.info(String.format(Locale.ROOT, "task %s %s epoch %d/%d: %,d/%,d samples (%.1f%%), loss %.4f, %,.0f samples/s, ETA %d s",
                taskId, phase, epoch, epochs, samplesDone, samplesTotal, 100.0 * progress.fraction(), lastLoss, rate,
                Math.max(eta, 0)));
        try {
            sink.report(progress);
        } catch (RuntimeException e) {
            LOG.warn("progress report of task {} dropped: {}", taskId, e.toString());
        }
    }
}
