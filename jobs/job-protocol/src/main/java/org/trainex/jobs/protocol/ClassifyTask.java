package org.trainex.jobs.protocol;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

/**
 * The oracle classifier a curator can delegate a vote to (DESIGN.md, "Who uses it": curator; DataBright,
 * section 2): train a model on a reference dataset, or reuse one the runner already trained with the same
 * inputs, predict the labels of a sample of a data proposal's shard and report how often the proposal's
 * declared labels agree with the oracle.
 *
 * <p>The runner only measures; the vote is the exchange's: it votes no when the agreement
 * ({@link TaskResult#accuracy()} of the {@link TaskResult.Kind#CLASSIFY} result) is below its configured
 * threshold, and abstains (sends no task) when the request has no reference data. Shuffled or wrong labels
 * agree about as often as chance (1/classes); honest labels about as often as the oracle is accurate.
 *
 * <p>The runner trains exactly as for a {@link TrainTask} over the training part of {@code reference}
 * ({@link #trainingIndices()}: every sample but the held-out tenth) with {@code epochs}, {@code batchSize} and
 * {@code seed}, so the oracle is reproducible, and it may reuse a model it trained before for the same
 * ({@code modelConfigJson}, reference content ids and shape, {@code epochs}, {@code batchSize}, {@code seed}). It
 * reports the model's accuracy on the held-out part ({@link #heldOutIndices()}) as
 * {@link TaskResult#referenceAccuracy()}: an honest shard agrees with the oracle about that often, so the exchange
 * judges the agreement relative to it (issue 11 item 3).
 *
 * <p><b>Seed.</b> The seed also picks the sample ({@link #sampleIndices()}). A contributor who knows it before
 * the proposal is fixed could make just the sampled labels right, so the exchange draws it after the shard's
 * content ids are fixed; sharing one seed among the proposals of a voting round lets them share the oracle.
 *
 * @param taskId          unique per dispatch
 * @param jobId           the data proposal being checked
 * @param modelConfigJson the oracle network as a DL4J {@code MultiLayerConfiguration} JSON document, as for
 *                        {@link TrainTask#modelConfigJson()}
 * @param reference       trusted labelled data: the request's already-accepted data, or a reference set the
 *                        initiator chose; all its samples are used for training
 * @param candidate       the proposal's shard whose declared labels are checked
 * @param sampleSize      candidate samples to check, 1..{@code candidate.sampleCount()}
 * @param epochs          training passes over the reference data, at least 1
 * @param batchSize       samples per training minibatch, at least 1
 * @param seed            seed of weight init, per-epoch shuffling and the sample
 */
public record ClassifyTask(UUID taskId, UUID jobId, String modelConfigJson, DatasetRef reference,
                           DatasetRef candidate, int sampleSize, int epochs, int batchSize, long seed)
        implements Task {
    public ClassifyTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(candidate, "candidate");
        if (modelConfigJson == null || modelConfigJson.isBlank()) {
            throw new IllegalArgumentException("modelConfigJson is required");
        }
        if (reference.rows() != candidate.rows() || reference.columns() != candidate.columns()
                || reference.classes() != candidate.classes()) {
            throw new IllegalArgumentException("reference (" + reference.rows() + "x" + reference.columns() + ", "
                    + reference.classes() + " classes) and candidate (" + candidate.rows() + "x"
                    + candidate.columns() + ", " + candidate.classes() + " classes) differ in shape");
        }
        if (sampleSize < 1 || sampleSize > candidate.sampleCount()) {
            throw new IllegalArgumentException("sampleSize " + sampleSize + " is outside 1.."
                    + candidate.sampleCount() + " (the candidate's samples)");
        }
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batchSize must be at least 1");
        }
    }

    /**
     * The candidate samples checked, drawn without replacement from {@code 0..candidate.sampleCount()-1}: the
     * first {@code sampleSize} positions of a Fisher–Yates shuffle of the identity driven by
     * {@code new java.util.Random(seed)} (position {@code i} swapped with {@code i + nextInt(N - i)}), sorted
     * ascending. {@code java.util.Random}'s algorithm is fixed by its specification, so the exchange can
     * recompute which samples were checked.
     */
    public int[] sampleIndices() {
        int n = candidate.sampleCount();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Random random = new Random(seed);
        for (int i = 0; i < sampleSize; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] sample = Arrays.copyOf(all, sampleSize);
        Arrays.sort(sample);
        return sample;
    }

    /** Every {@value #HELD_OUT_EVERY}-th reference sample is held out of the oracle's training. */
    public static final int HELD_OUT_EVERY = 10;

    /**
     * The reference samples held out of training to measure the oracle's own accuracy: indices {@code i} with
     * {@code i % 10 == 9} (a tenth, spread over the file), or none if the reference has fewer than 10 samples.
     */
    public int[] heldOutIndices() {
        int n = reference.sampleCount();
        if (n < HELD_OUT_EVERY) {
            return new int[0];
        }
        return java.util.stream.IntStream.range(0, n).filter(i -> i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1).toArray();
    }

    /** The reference samples the oracle trains on: all but {@link #heldOutIndices()}, ascending. */
    public int[] trainingIndices() {
        int n = reference.sampleCount();
        if (n < HELD_OUT_EVERY) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        return java.util.stream.IntStream.range(0, n).filter(i -> i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1).toArray();
    }
}
