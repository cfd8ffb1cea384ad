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
import org.trainex.computemarket.api.OrderView;
import org.trainex.shared.api.InvalidInputException;

/**
 * A consumer's order to train a model on registered data (DKLabs, seed 002, Section 7.1). Its state follows
 * its job: PLACED, RUNNING, then COMPLETED or FAILED.
 */
@Entity
@Table(name = "training_order", schema = "computemarket")
public class TrainingOrder {
    /** Order states. */
    public enum State { PLACED, RUNNING, COMPLETED, FAILED }

    /** Bounds of the order's parameters. */
    public static final int MAX_EPOCHS = 100;
    public static final int MAX_BATCH = 65_536;
    public static final int MAX_MODEL_CONFIG_CHARS = 1_000_000;

    @Id
    private UUID id;
    @Column(nullable = false)
    private String consumer;
    @Column(name = "train_dataset_id", nullable = false)
    private UUID trainDatasetId;
    @Column(name = "test_dataset_id", nullable = false)
    private UUID testDatasetId;
    @Column(name = "model_config", nullable = false, columnDefinition = "text")
    private String modelConfig;
    @Column(name = "model_name", nullable = false, length = 200)
    private String modelName;
    @Column(nullable = false)
    private int epochs;
    @Column(name = "batch_size", nullable = false)
    private int batchSize;
    @Column(nullable = false)
    private long seed;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Version
    private long version;

    protected TrainingOrder() {
    }

    /**
     * @throws InvalidInputException if epochs, batch size, model name or configuration are out of bounds
     */
    public TrainingOrder(UUID id, String consumer, UUID trainDatasetId, UUID testDatasetId, String modelName,
                         String modelConfig, int epochs, int batchSize, long seed, Instant createdAt) {
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new InvalidInputException("epochs must be between 1 and " + MAX_EPOCHS + ", got " + epochs);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new InvalidInputException("batchSize must be between 1 and " + MAX_BATCH + ", got " + batchSize);
        }
        if (modelName == null || modelName.isBlank() || modelName.length() > 200) {
            throw new InvalidInputException("modelName must have 1 to 200 characters");
        }
        if (modelConfig == null || modelConfig.isBlank() || modelConfig.length() > MAX_MODEL_CONFIG_CHARS) {
            throw new InvalidInputException("modelConfig must be a DL4J configuration of at most "
                    + MAX_MODEL_CONFIG_CHARS + " characters");
        }
        this.id = Objects.requireNonNull(id);
        this.consumer = Objects.requireNonNull(consumer);
        this.trainDatasetId = Objects.requireNonNull(trainDatasetId);
        this.testDatasetId = Objects.requireNonNull(testDatasetId);
        this.modelName = modelName.strip();
        this.modelConfig = modelConfig;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
        this.state = State.PLACED;
        this.createdAt = Objects.requireNonNull(createdAt);
    }

    /** The job started working on it. */
    public void markRunning() {
        if (state == State.PLACED) {
            state = State.RUNNING;
        }
    }

    /** The job finished: COMPLETED or FAILED; terminal. */
    public void finish(boolean succeeded) {
        if (state == State.PLACED || state == State.RUNNING) {
            state = succeeded ? State.COMPLETED : State.FAILED;
        }
    }

    public UUID id() {
        return id;
    }

    public String modelConfig() {
        return modelConfig;
    }

    public UUID trainDatasetId() {
        return trainDatasetId;
    }

    public UUID testDatasetId() {
        return testDatasetId;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }

    public State state() {
        return state;
    }

    public OrderView toView(UUID jobId) {
        return new OrderView(id, consumer, trainDatasetId, testDatasetId, modelName, epochs, batchSize, seed,
                state.name(), createdAt, jobId);
    }
}
