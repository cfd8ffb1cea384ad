package org.trainex.computemarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.trainex.computemarket.api.RoundView;

/**
 * One FedAvg round of a federated job (McMahan et al. 2017, Algorithm 1; issue 5 item 4): every chunk trains the
 * round's local epochs from {@link #initialModelCid()}, then one runner aggregates the chunks' models weighted by
 * their samples into the global model, which another task evaluates on the held-out set.
 *
 * <pre>
 * TRAINING --all slots accepted--> AGGREGATING --aggregate result--> AGGREGATED --evaluation--> EVALUATED
 * </pre>
 */
@Entity
@Table(name = "training_round", schema = "computemarket")
public class TrainingRound {
    /** Round states. */
    public enum State { TRAINING, AGGREGATING, AGGREGATED, EVALUATED }

    /** Key: job and round number. */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "job_id")
        private UUID jobId;
        @Column(name = "round")
        private int round;

        protected Key() {
        }

        public Key(UUID jobId, int round) {
            this.jobId = jobId;
            this.round = round;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.jobId.equals(jobId) && k.round == round;
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, round);
        }
    }

    @EmbeddedId
    private Key key;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Column(nullable = false)
    private int chunks;
    @Column(nullable = false)
    private long samples;
    @Column(name = "initial_model_cid", length = 59)
    private String initialModelCid;
    @Column(name = "train_loss")
    private Double trainLoss;
    @Column(name = "aggregate_task_id", unique = true)
    private UUID aggregateTaskId;
    @Column(name = "global_model_cid", length = 59)
    private String globalModelCid;
    @Column(name = "eval_task_id", unique = true)
    private UUID evalTaskId;
    @Column(name = "test_samples")
    private Long testSamples;
    @Column(name = "test_accuracy")
    private Double testAccuracy;
    @Column(name = "test_loss")
    private Double testLoss;
    @Column(name = "started_at", nullable = false)
    private Instant startedAt;
    @Column(name = "aggregated_at")
    private Instant aggregatedAt;
    @Column(name = "evaluated_at")
    private Instant evaluatedAt;
    @Version
    private long version;

    protected TrainingRound() {
    }

    /**
     * @param initialModelCid the global model the chunks start from (null in round 1: fresh weights from the seed,
     *                        identical on every runner)
     */
    public TrainingRound(UUID jobId, int round, int chunks, long samples, String initialModelCid, Instant now) {
        this.key = new Key(jobId, round);
        this.state = State.TRAINING;
        this.chunks = chunks;
        this.samples = samples;
        this.initialModelCid = initialModelCid;
        this.startedAt = now;
    }

    /** All slots are in: the aggregation task {@code taskId} is dispatched. */
    public void aggregating(UUID taskId, double meanLoss) {
        if (state != State.TRAINING) {
            throw new IllegalStateException("round " + key.round + " is " + state);
        }
        this.state = State.AGGREGATING;
        this.aggregateTaskId = taskId;
        this.trainLoss = Double.isFinite(meanLoss) ? meanLoss : null;
    }

    /** The global model is in; evaluation task {@code evalTaskId} is dispatched. @return false if not expected */
    public boolean aggregated(UUID taskId, String modelCid, UUID evalTaskId, Instant now) {
        if (state != State.AGGREGATING || !taskId.equals(aggregateTaskId)) {
            return false;
        }
        this.state = State.AGGREGATED;
        this.globalModelCid = modelCid;
        this.evalTaskId = evalTaskId;
        this.aggregatedAt = now;
        return true;
    }

    /** The global model's evaluation. @return false if not expected (duplicate, stale) */
    public boolean evaluated(UUID taskId, long samples, double accuracy, double loss, Instant now) {
        if (state != State.AGGREGATED || !taskId.equals(evalTaskId)) {
            return false;
        }
        this.state = State.EVALUATED;
        this.testSamples = samples;
        this.testAccuracy = accuracy;
        this.testLoss = Double.isFinite(loss) ? loss : null;
        this.evaluatedAt = now;
        return true;
    }

    public int round() {
        return key.round;
    }

    public UUID jobId() {
        return key.jobId;
    }

    public State state() {
        return state;
    }

    public int chunks() {
        return chunks;
    }

    public String initialModelCid() {
        return initialModelCid;
    }

    public UUID aggregateTaskId() {
        return aggregateTaskId;
    }

    public UUID evalTaskId() {
        return evalTaskId;
    }

    public String globalModelCid() {
        return globalModelCid;
    }

    public Double testAccuracy() {
        return testAccuracy;
    }

    public Double testLoss() {
        return testLoss;
    }

    public Long testSamples() {
        return testSamples;
    }

    public Double trainLoss() {
        return trainLoss;
    }

    public RoundView toView(int chunksDone) {
        return new RoundView(key.round, state.name(), chunks, chunksDone, samples, trainLoss, globalModelCid,
                testAccuracy, testLoss, startedAt, aggregatedAt, evaluatedAt);
    }
}
