package org.trainex.computemarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.trainex.computemarket.api.JobView;
import org.trainex.jobs.protocol.TaskProgress;
import org.trainex.jobs.protocol.TaskResult;

/**
 * The execution of one training order: a training task, then an evaluation task on the held-out set, each run
 * by a gpu-runner. State machine:
 *
 * <pre>
 * QUEUED --progress--> TRAINING --train result--> EVALUATING --evaluation result--> COMPLETED
 *    \___________________\______________________________\--> FAILED (a FAILED result or a bad result)
 * </pre>
 *
 * <p>Results are applied at most once: only a result for the job's current task id, in the state that expects
 * it, changes anything (at-least-once delivery from the broker makes duplicates normal).
 */
@Entity
@Table(name = "training_job", schema = "computemarket")
public class TrainingJob {
    /** Job states. */
    public enum State { QUEUED, TRAINING, EVALUATING, COMPLETED, FAILED }

    /** What applying a result did. */
    public enum Effect {
        /** Duplicate, stale or unknown task: nothing changed. */
        IGNORED,
        /** Training recorded; the caller dispatches the evaluation task {@link #evalTaskId()}. */
        EVALUATION_DUE,
        /** Evaluation recorded; the job is done. */
        COMPLETED,
        /** The job failed; see {@link #failure()}. */
        FAILED
    }

    private static final int MAX_FAILURE = 2000;

    @Id
    private UUID id;
    @Column(name = "order_id", nullable = false, unique = true)
    private UUID orderId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Column(name = "train_task_id", unique = true)
    private UUID trainTaskId;
    @Column(nullable = false)
    private boolean federated;
    @Column(nullable = false)
    private int rounds = 1;
    @Column(name = "current_round")
    private Integer currentRound;
    @Column(name = "eval_task_id", unique = true)
    private UUID evalTaskId;
    @Column(name = "runner_id")
    private String runnerId;
    @Column(name = "eval_runner_id")
    private String evalRunnerId;
    @Column(name = "model_cid", length = 59)
    private String modelCid;
    @Column(name = "samples_trained")
    private Long samplesTrained;
    @Column(name = "epochs_trained")
    private Integer epochsTrained;
    @Column(name = "train_loss")
    private Double trainLoss;
    @Column(name = "train_samples_per_second")
    private Double trainSamplesPerSecond;
    @Column(name = "train_wall_millis")
    private Long trainWallMillis;
    @Column(name = "test_samples")
    private Long testSamples;
    @Column(name = "test_accuracy")
    private Double testAccuracy;
    @Column(name = "test_loss")
    private Double testLoss;
    @Column(name = "eval_wall_millis")
    private Long evalWallMillis;
    @Column(name = "progress_epoch")
    private Integer progressEpoch;
    @Column(name = "progress_epochs")
    private Integer progressEpochs;
    @Column(name = "progress_samples_done")
    private Long progressSamplesDone;
    @Column(name = "progress_samples_total")
    private Long progressSamplesTotal;
    @Column(name = "progress_loss")
    private Double progressLoss;
    @Column(name = "progress_samples_per_second")
    private Double progressSamplesPerSecond;
    @Column(name = "progress_eta_seconds")
    private Long progressEtaSeconds;
    @Column(length = MAX_FAILURE)
    private String failure;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "trained_at")
    private Instant trainedAt;
    @Column(name = "completed_at")
    private Instant completedAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected TrainingJob() {
    }

    /** A new job whose training task {@code trainTaskId} is being dispatched. */
    public TrainingJob(UUID id, UUID orderId, UUID trainTaskId, Instant now) {
        this.id = Objects.requireNonNull(id);
        this.orderId = Objects.requireNonNull(orderId);
        this.trainTaskId = Objects.requireNonNull(trainTaskId);
        this.state = State.QUEUED;
        this.createdAt = Objects.requireNonNull(now);
        this.updatedAt = now;
    }

    /**
     * A job that trains as FedAvg rounds over the matched runners (issue 5 item 4): its rounds and chunks are
     * {@link TrainingRound} and {@link TrainingChunk}; this row keeps the job's state and final result.
     *
     * @param rounds FedAvg rounds, at least 1
     */
    public static TrainingJob federated(UUID id, UUID orderId, int rounds, Instant now) {
        if (rounds < 1) {
            throw new IllegalArgumentException("a federated job needs at least one round");
        }
        TrainingJob j = new TrainingJob();
        j.id = Objects.requireNonNull(id);
        j.orderId = Objects.requireNonNull(orderId);
        j.federated = true;
        j.rounds = rounds;
        j.state = State.QUEUED;
        j.createdAt = now;
        j.updatedAt = now;
        return j;
    }

    /** Whether the job trains as FedAvg rounds. */
    public boolean isFederated() {
        return federated;
    }

    /** FedAvg rounds ordered. */
    public int rounds() {
        return rounds;
    }

    /** The round being trained, null before the first. */
    public Integer currentRound() {
        return currentRound;
    }

    /** Round {@code round} started: TRAINING. */
    public void roundStarted(int round, Instant now) {
        requireFederatedRunning();
        this.currentRound = round;
        this.state = State.TRAINING;
        this.updatedAt = now;
    }

    /** The last round's global model {@code modelCid} is aggregated; its evaluation decides: EVALUATING. */
    public void lastRoundAggregated(String modelCid, long samplesTrained, double loss, Instant now) {
        requireFederatedRunning();
        this.modelCid = modelCid;
        this.samplesTrained = samplesTrained;
        this.epochsTrained = rounds;
        this.trainLoss = loss;
        this.trainedAt = now;
        this.state = State.EVALUATING;
        this.updatedAt = now;
    }

    /** The final global model's evaluation: COMPLETED. */
    public void federatedCompleted(long testSamples, double accuracy, double loss, Instant now) {
        if (!federated || state != State.EVALUATING) {
            throw new IllegalStateException("job " + id + " is " + state + ", not EVALUATING");
        }
        this.testSamples = testSamples;
        this.testAccuracy = accuracy;
        this.testLoss = finiteOrNull(loss);
        this.completedAt = now;
        this.state = State.COMPLETED;
        this.updatedAt = now;
    }

    /** A federated job cannot go on: FAILED. @return false if it had already ended */
    public boolean federatedFailed(String reason, Instant now) {
        if (state == State.COMPLETED || state == State.FAILED) {
            return false;
        }
        fail(reason, now);
        return true;
    }

    /** When the job was created. */
    public Instant createdAt() {
        return createdAt;
    }

    /** Whether the job ended (COMPLETED or FAILED). */
    public boolean ended() {
        return state == State.COMPLETED || state == State.FAILED;
    }

    private void requireFederatedRunning() {
        if (!federated || ended()) {
            throw new IllegalStateException("job " + id + " is not a running federated job (" + state + ")");
        }
    }

    /**
     * Applies a progress report of the training task. Reports of other tasks, or after training ended, are
     * ignored.
     *
     * @return true if the job changed
     */
    public boolean applyProgress(TaskProgress p, Instant now) {
        if (!p.taskId().equals(trainTaskId) || (state != State.QUEUED && state != State.TRAINING)) {
            return false;
        }
        state = State.TRAINING;
        runnerId = p.runnerId();
        progressEpoch = p.epoch();
        progressEpochs = p.epochs();
        progressSamplesDone = p.samplesDone();
        progressSamplesTotal = p.samplesTotal();
        progressLoss = finiteOrNull(p.loss());
        progressSamplesPerSecond = finiteOrNull(p.samplesPerSecond());
        progressEtaSeconds = p.etaSeconds();
        updatedAt = now;
        return true;
    }

    /**
     * Applies a runner's result.
     *
     * @param r              the result
     * @param modelStored    whether the model blob {@code r.modelCid()} is in the blob store
     * @param nextEvalTaskId the id to give the evaluation task if training succeeded
     * @return what changed
     */
    public Effect applyResult(TaskResult r, boolean modelStored, UUID nextEvalTaskId, Instant now) {
        if (r.kind() == TaskResult.Kind.TRAIN && r.taskId().equals(trainTaskId)
                && (state == State.QUEUED || state == State.TRAINING)) {
            runnerId = r.runnerId();
            if (r.status() == TaskResult.Status.FAILED) {
                return fail("training failed on runner " + r.runnerId() + ": " + r.error(), now);
            }
            if (!modelStored) {
                return fail("runner " + r.runnerId() + " reported model " + r.modelCid() + " but never uploaded it",
                        now);
            }
            modelCid = r.modelCid();
            samplesTrained = r.samples();
            epochsTrained = r.epochs();
            trainLoss = finiteOrNull(r.loss());
            trainSamplesPerSecond = finiteOrNull(r.samplesPerSecond());
            trainWallMillis = r.wallMillis();
            progressSamplesDone = progressSamplesTotal != null ? progressSamplesTotal : r.samples();
            progressSamplesTotal = progressSamplesDone;
            progressEtaSeconds = 0L;
            trainedAt = now;
            evalTaskId = Objects.requireNonNull(nextEvalTaskId);
            state = State.EVALUATING;
            updatedAt = now;
            return Effect.EVALUATION_DUE;
        }
        if (r.kind() == TaskResult.Kind.EVALUATE && r.taskId().equals(evalTaskId) && state == State.EVALUATING) {
            evalRunnerId = r.runnerId();
            if (r.status() == TaskResult.Status.FAILED) {
                return fail("evaluation failed on runner " + r.runnerId() + ": " + r.error(), now);
            }
            if (!(r.accuracy() >= 0 && r.accuracy() <= 1) || !modelCid.equals(r.modelCid())) {
                return fail("runner " + r.runnerId() + " sent an invalid evaluation (accuracy " + r.accuracy()
                        + ", model " + r.modelCid() + ")", now);
            }
            testSamples = r.samples();
            testAccuracy = r.accuracy();
            testLoss = finiteOrNull(r.loss());
            evalWallMillis = r.wallMillis();
            completedAt = now;
            state = State.COMPLETED;
            updatedAt = now;
            return Effect.COMPLETED;
        }
        return Effect.IGNORED;
    }

    private Effect fail(String reason, Instant now) {
        failure = reason.length() > MAX_FAILURE ? reason.substring(0, MAX_FAILURE) : reason;
        state = State.FAILED;
        completedAt = now;
        updatedAt = now;
        return Effect.FAILED;
    }

    private static Double finiteOrNull(double d) {
        return Double.isFinite(d) ? d : null;
    }

    public UUID id() {
        return id;
    }

    public UUID orderId() {
        return orderId;
    }

    public State state() {
        return state;
    }

    public UUID trainTaskId() {
        return trainTaskId;
    }

    public UUID evalTaskId() {
        return evalTaskId;
    }

    public String modelCid() {
        return modelCid;
    }

    public String failure() {
        return failure;
    }

    public JobView toView() {
        return toView(List.of(), List.of());
    }

    /** The view with a federated job's rounds and chunk attempts. */
    public JobView toView(List<org.trainex.computemarket.api.RoundView> roundViews,
                          List<org.trainex.computemarket.api.ChunkView> chunkViews) {
        if (federated) {
            long planned = roundViews.isEmpty() ? 0 : roundViews.get(0).samples() * rounds
                    * chunkViews.stream().mapToInt(org.trainex.computemarket.api.ChunkView::epochs).max().orElse(1);
            long accepted = chunkViews.stream().filter(c -> "DONE".equals(c.state()))
                    .mapToLong(org.trainex.computemarket.api.ChunkView::samplesTotal).sum();
            long live = chunkViews.stream().filter(c -> "LEASED".equals(c.state()))
                    .mapToLong(org.trainex.computemarket.api.ChunkView::samplesDone).sum();
            double fraction = ended() || state == State.EVALUATING ? 1.0
                    : planned == 0 ? 0.0 : Math.min(1.0, (double) (accepted + live) / planned);
            return new JobView(id, orderId, state.name(), runnerId, evalRunnerId, modelCid, samplesTrained,
                    epochsTrained, trainLoss, trainSamplesPerSecond, trainWallMillis, testSamples, testAccuracy,
                    testLoss, evalWallMillis, fraction, currentRound, progressLoss, progressSamplesPerSecond,
                    progressEtaSeconds, failure, createdAt, trainedAt, completedAt, rounds, roundViews, chunkViews);
        }
        double fraction = state == State.COMPLETED || state == State.EVALUATING ? 1.0
                : progressSamplesTotal == null || progressSamplesTotal == 0 ? 0.0
                : Math.min(1.0, (double) progressSamplesDone / progressSamplesTotal);
        return new JobView(id, orderId, state.name(), runnerId, evalRunnerId, modelCid, samplesTrained,
                epochsTrained, trainLoss, trainSamplesPerSecond, trainWallMillis, testSamples, testAccuracy,
                testLoss, evalWallMillis, fraction, progressEpoch, progressLoss, progressSamplesPerSecond,
                progressEtaSeconds, failure, createdAt, trainedAt, completedAt, 1, roundViews, chunkViews);
    }
}
