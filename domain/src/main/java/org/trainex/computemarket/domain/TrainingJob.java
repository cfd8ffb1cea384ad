package org.trainex.computemarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
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
    @Column(name = "train_task_id", nullable = false, unique = true)
    private UUID trainTaskId;
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
        double fraction = state == State.COMPLETED || state == State.EVALUATING ? 1.0
                : progressSamplesTotal == null || progressSamplesTotal == 0 ? 0.0
                : Math.min(1.0, (double) progressSamplesDone / progressSamplesTotal);
        return new JobView(id, orderId, state.name(), runnerId, evalRunnerId, modelCid, samplesTrained,
                epochsTrained, trainLoss, trainSamplesPerSecond, trainWallMillis, testSamples, testAccuracy,
                testLoss, evalWallMillis, fraction, progressEpoch, progressLoss, progressSamplesPerSecond,
                progressEtaSeconds, failure, createdAt, trainedAt, completedAt, 1, java.util.List.of(),
                java.util.List.of());
    }
}
