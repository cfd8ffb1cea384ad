package org.trainex.computemarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.trainex.computemarket.api.ChunkView;
import org.trainex.computemarket.domain.federated.SettlementPlan;

/**
 * One attempt at a chunk of a FedAvg round: a slice of one training dataset that one runner trains for the round's
 * local epochs (issue 5 item 4). The attempt holds a <em>lease</em>: the runner keeps it by heartbeats (and
 * progress reports); when it runs out, the slot is re-dispatched as a new attempt to another live matched runner.
 * The first valid result of a slot is accepted and paid; every later result of the slot (the expired attempt's
 * runner coming back, a duplicate delivery) is recorded as LATE and changes nothing else.
 *
 * <pre>
 * PENDING --assign--> LEASED --result--> DONE
 *                       |  \--failed result--> FAILED  (slot re-dispatched)
 *                       \--lease expired--> EXPIRED    (slot re-dispatched; a result may still be accepted
 *                                                       if the slot is not done yet)
 * </pre>
 */
@Entity
@Table(name = "training_chunk", schema = "computemarket")
public class TrainingChunk {
    /** Attempt states. */
    public enum State { PENDING, LEASED, DONE, EXPIRED, LATE, FAILED }

    @Id
    @Column(name = "task_id")
    private UUID taskId;
    @Column(name = "job_id", nullable = false)
    private UUID jobId;
    @Column(nullable = false)
    private int round;
    @Column(nullable = false)
    private int slot;
    @Column(nullable = false)
    private int attempt;
    @Column(name = "runner_id", length = 100)
    private String runnerId;
    @Column(length = 100)
    private String provider;
    @Column(name = "dataset_id", nullable = false)
    private UUID datasetId;
    @Column(name = "sample_offset", nullable = false)
    private int sampleOffset;
    @Column(name = "sample_count", nullable = false)
    private int sampleCount;
    @Column(nullable = false)
    private int epochs;
    @Column(name = "price_per_kilo_sample_step_wei", nullable = false, precision = 78, scale = 0)
    private BigInteger price;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Column(name = "lease_until")
    private Instant leaseUntil;
    @Column(name = "samples_done", nullable = false)
    private long samplesDone;
    private Double loss;
    @Column(name = "samples_per_second")
    private Double samplesPerSecond;
    @Column(name = "model_cid", length = 59)
    private String modelCid;
    @Column(name = "wall_millis")
    private Long wallMillis;
    @Column(name = "payment_wei", precision = 78, scale = 0)
    private BigInteger paymentWei;
    @Column(length = 1000)
    private String failure;
    @Column(name = "dispatched_at")
    private Instant dispatchedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    @Version
    private long version;

    protected TrainingChunk() {
    }

    /**
     * A PENDING attempt.
     *
     * @param price wei per 1,000 sample-steps the match fixed for this slot's work
     */
    public TrainingChunk(UUID taskId, UUID jobId, int round, int slot, int attempt, UUID datasetId, int offset,
                         int count, int epochs, BigInteger price) {
        if (count <= 0 || offset < 0 || epochs < 1 || attempt < 1) {
            throw new IllegalArgumentException("bad chunk: offset " + offset + ", count " + count + ", epochs "
                    + epochs + ", attempt " + attempt);
        }
        this.taskId = Objects.requireNonNull(taskId);
        this.jobId = Objects.requireNonNull(jobId);
        this.round = round;
        this.slot = slot;
        this.attempt = attempt;
        this.datasetId = Objects.requireNonNull(datasetId);
        this.sampleOffset = offset;
        this.sampleCount = count;
        this.epochs = epochs;
        this.price = Objects.requireNonNull(price);
        this.state = State.PENDING;
    }

    /** The next attempt at this slot (new task id), PENDING. */
    public TrainingChunk retry(UUID newTaskId) {
        return new TrainingChunk(newTaskId, jobId, round, slot, attempt + 1, datasetId, sampleOffset, sampleCount,
                epochs, price);
    }

    /** Dispatched to {@code runnerId} of {@code provider}: LEASED until {@code now + lease}. */
    public void lease(String runnerId, String provider, Instant now, Duration lease) {
        if (state != State.PENDING) {
            throw new IllegalStateException("chunk " + taskId + " is " + state + ", not PENDING");
        }
        this.runnerId = Objects.requireNonNull(runnerId);
        this.provider = Objects.requireNonNull(provider);
        this.state = State.LEASED;
        this.dispatchedAt = now;
        this.leaseUntil = now.plus(lease);
    }

    /** Whether the lease ran out by {@code now}. */
    public boolean leaseExpired(Instant now) {
        return state == State.LEASED && leaseUntil.isBefore(now);
    }

    /** The lease ran out: EXPIRED (its slot is re-dispatched by the caller). */
    public void expire(Instant now) {
        if (state != State.LEASED) {
            throw new IllegalStateException("chunk " + taskId + " is " + state + ", not LEASED");
        }
        this.state = State.EXPIRED;
        this.finishedAt = now;
    }

    /** A progress report of this attempt: records it and renews the lease. @return false if not LEASED */
    public boolean progress(long samplesDone, double loss, double samplesPerSecond, Instant now, Duration lease) {
        if (state != State.LEASED) {
            return false;
        }
        this.samplesDone = Math.max(this.samplesDone, samplesDone);
        this.loss = Double.isFinite(loss) ? loss : this.loss;
        this.samplesPerSecond = Double.isFinite(samplesPerSecond) ? samplesPerSecond : this.samplesPerSecond;
        this.leaseUntil = now.plus(lease);
        return true;
    }

    /**
     * Accepts this attempt's result for its slot: DONE, paid {@code floor(sampleSteps x price / 1000)} wei to
     * {@code provider} (the runner's provider that sent it).
     */
    public void accept(String runnerId, String provider, String modelCid, double loss, double samplesPerSecond,
                       long wallMillis, Instant now) {
        if (state != State.LEASED && state != State.EXPIRED) {
            throw new IllegalStateException("chunk " + taskId + " is " + state);
        }
        this.runnerId = runnerId;
        this.provider = provider;
        this.state = State.DONE;
        this.modelCid = modelCid;
        this.loss = Double.isFinite(loss) ? loss : null;
        this.samplesPerSecond = Double.isFinite(samplesPerSecond) ? samplesPerSecond : null;
        this.wallMillis = wallMillis;
        this.samplesDone = sampleSteps();
        this.paymentWei = SettlementPlan.chunkPayment(sampleSteps(), price);
        this.finishedAt = now;
    }

    /** A result that came after another attempt of the slot was accepted: LATE, unpaid. */
    public void late(Instant now) {
        this.state = State.LATE;
        this.finishedAt = now;
    }

    /** The runner reported a failure, or a result that cannot be used: FAILED (slot re-dispatched). */
    public void fail(String reason, Instant now) {
        this.state = State.FAILED;
        this.failure = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        this.finishedAt = now;
    }

    /** Samples x epochs. */
    public long sampleSteps() {
        return (long) sampleCount * epochs;
    }

    public UUID taskId() {
        return taskId;
    }

    public UUID jobId() {
        return jobId;
    }

    public int round() {
        return round;
    }

    public int slot() {
        return slot;
    }

    public int attempt() {
        return attempt;
    }

    public String runnerId() {
        return runnerId;
    }

    public String provider() {
        return provider;
    }

    public UUID datasetId() {
        return datasetId;
    }

    public int sampleOffset() {
        return sampleOffset;
    }

    public int sampleCount() {
        return sampleCount;
    }

    public int epochs() {
        return epochs;
    }

    public BigInteger price() {
        return price;
    }

    public State state() {
        return state;
    }

    public String modelCid() {
        return modelCid;
    }

    public Double loss() {
        return loss;
    }

    public BigInteger paymentWei() {
        return paymentWei;
    }

    public Instant leaseUntil() {
        return leaseUntil;
    }

    public ChunkView toView() {
        return new ChunkView(taskId, round, slot, attempt, runnerId, provider, datasetId, sampleOffset, sampleCount,
                epochs, state.name(), samplesDone, sampleSteps(), loss, samplesPerSecond, leaseUntil, modelCid,
                state == State.DONE ? sampleSteps() : null, paymentWei == null ? null : paymentWei.toString());
    }
}
