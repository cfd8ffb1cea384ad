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
import org.trainex.computemarket.api.ChunkView;
import org.trainex.computemarket.api.JobView;
import org.trainex.computemarket.api.RoundView;

/**
 * The execution of one matched training order as FedAvg rounds over its matched runners (issue 5 item 4; McMahan et
 * al. 2017, Algorithm 1). Every order takes this one life cycle: matching, escrow, rounds, verification, settlement
 * (issue 12 item 4). The rounds and chunk attempts are {@link TrainingRound} and {@link TrainingChunk}; this row
 * keeps the job's state and final result:
 *
 * <pre>
 * QUEUED --round 1 starts--> TRAINING --last round aggregated--> EVALUATING --its evaluation--> COMPLETED
 *    \______________________________\_____________________________________\--> FAILED (a slot failed too often,
 *                                                                              a task failed, no runner came back)
 * </pre>
 */
@Entity
@Table(name = "training_job", schema = "computemarket")
public class TrainingJob {
    /** Job states. */
    public enum State { QUEUED, TRAINING, EVALUATING, COMPLETED, FAILED }

    private static final int MAX_FAILURE = 2000;

    @Id
    private UUID id;
    @Column(name = "order_id", nullable = false, unique = true)
    private UUID orderId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Column(nullable = false)
    private int rounds = 1;
    @Column(name = "current_round")
    private Integer currentRound;
    @Column(name = "model_cid", length = 59)
    private String modelCid;
    @Column(name = "samples_trained")
    private Long samplesTrained;
    @Column(name = "epochs_trained")
    private Integer epochsTrained;
    @Column(name = "train_loss")
    private Double trainLoss;
    @Column(name = "test_samples")
    private Long testSamples;
    @Column(name = "test_accuracy")
    private Double testAccuracy;
    @Column(name = "test_loss")
    private Double testLoss;
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

    /**
     * The job of a matched order.
     *
     * @param rounds FedAvg rounds, at least 1
     * @throws IllegalArgumentException if {@code rounds} is below 1
     */
    public TrainingJob(UUID id, UUID orderId, int rounds, Instant now) {
        if (rounds < 1) {
            throw new IllegalArgumentException("a job needs at least one round");
        }
        this.id = Objects.requireNonNull(id);
        this.orderId = Objects.requireNonNull(orderId);
        this.rounds = rounds;
        this.state = State.QUEUED;
        this.createdAt = Objects.requireNonNull(now);
        this.updatedAt = now;
    }

    /** FedAvg rounds ordered. */
    public int rounds() {
        return rounds;
    }

    /** The round being trained, null before the first. */
    public Integer currentRound() {
        return currentRound;
    }

    /**
     * Round {@code round} started: TRAINING.
     *
     * @throws IllegalStateException if the job ended
     */
    public void roundStarted(int round, Instant now) {
        requireRunning();
        this.currentRound = round;
        this.state = State.TRAINING;
        this.updatedAt = now;
    }

    /**
     * The last round's global model {@code modelCid} is aggregated; its evaluation decides: EVALUATING.
     *
     * @param samplesTrained sample-steps of all rounds
     * @throws IllegalStateException if the job ended
     */
    public void lastRoundAggregated(String modelCid, long samplesTrained, double loss, Instant now) {
        requireRunning();
        this.modelCid = modelCid;
        this.samplesTrained = samplesTrained;
        this.epochsTrained = rounds;
        this.trainLoss = finiteOrNull(loss);
        this.trainedAt = now;
        this.state = State.EVALUATING;
        this.updatedAt = now;
    }

    /**
     * The final global model's evaluation: COMPLETED.
     *
     * @param accuracy test accuracy in [0, 1] on {@code testSamples} held-out samples
     * @throws IllegalStateException if the job is not EVALUATING
     */
    public void completed(long testSamples, double accuracy, double loss, Instant now) {
        if (state != State.EVALUATING) {
            throw new IllegalStateException("job " + id + " is " + state + ", not EVALUATING");
        }
        this.testSamples = testSamples;
        this.testAccuracy = accuracy;
        this.testLoss = finiteOrNull(loss);
        this.completedAt = now;
        this.state = State.COMPLETED;
        this.updatedAt = now;
    }

    /** The job cannot go on: FAILED with {@code reason}. @return false if it had already ended */
    public boolean failed(String reason, Instant now) {
        if (ended()) {
            return false;
        }
        this.failure = reason.length() > MAX_FAILURE ? reason.substring(0, MAX_FAILURE) : reason;
        this.state = State.FAILED;
        this.completedAt = now;
        this.updatedAt = now;
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

    private void requireRunning() {
        if (ended()) {
            throw new IllegalStateException("job " + id + " is not running (" + state + ")");
        }
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

    public String modelCid() {
        return modelCid;
    }

    public String failure() {
        return failure;
    }

    /**
     * The job's view with its rounds and chunk attempts; progress is the accepted and in-flight sample-steps over
     * the planned ones (1 once the last round is aggregated).
     */
    public JobView toView(List<RoundView> roundViews, List<ChunkView> chunkViews) {
        long planned = roundViews.isEmpty() ? 0 : roundViews.get(0).samples() * rounds
                * chunkViews.stream().mapToInt(ChunkView::epochs).max().orElse(1);
        long accepted = chunkViews.stream().filter(c -> "DONE".equals(c.state()))
                .mapToLong(ChunkView::samplesTotal).sum();
        long live = chunkViews.stream().filter(c -> "LEASED".equals(c.state()))
                .mapToLong(ChunkView::samplesDone).sum();
        double fraction = ended() || state == State.EVALUATING ? 1.0
                : planned == 0 ? 0.0 : Math.min(1.0, (double) (accepted + live) / planned);
        return new JobView(id, orderId, state.name(), null, null, modelCid, samplesTrained, epochsTrained, trainLoss,
                null, null, testSamples, testAccuracy, testLoss, null, fraction, currentRound, null, null, null,
                failure, createdAt, trainedAt, completedAt, rounds, roundViews, chunkViews);
    }
}
