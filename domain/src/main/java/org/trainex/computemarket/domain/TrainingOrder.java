package org.trainex.computemarket.domain;

import jakarta.persistence.Embedded;
import jakarta.persistence.AttributeOverride;
import org.trainex.shared.api.ChainReceipt;
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
    public enum State { AWAITING_BIDS, PLACED, RUNNING, COMPLETED, FAILED }

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
    @Column(name = "sample_steps")
    private Long sampleSteps;
    @Column(name = "min_capacity")
    private Long minCapacity;
    @Column(name = "max_duration_seconds")
    private Long maxDurationSeconds;
    @Column(name = "max_price_wei", precision = 78, scale = 0)
    private java.math.BigInteger maxPriceWei;
    @Column(length = 1000)
    private String regions;
    @Column(name = "verification_tier", nullable = false, length = 20)
    private String verificationTier = "none";
    @Column(name = "consumer_wallet", length = 42)
    private String consumerWallet;
    @Column(name = "match_note", length = 1000)
    private String matchNote;
    /** Where the escrow lock landed on chain, once confirmed. */
    @Embedded
    @AttributeOverride(name = "txHash", column = @Column(name = "escrow_tx_hash", length = 66))
    @AttributeOverride(name = "blockNumber", column = @Column(name = "escrow_block"))
    private ChainReceipt escrowReceipt;
    @Column(name = "extra_train_dataset_ids", nullable = false, length = 4000)
    private String extraTrainDatasetIds = "";
    @Column(nullable = false)
    private int rounds = 1;
    @Column(name = "data_fee_bps", nullable = false)
    private int dataFeeBps;
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

    /**
     * Conditions and price (DKLabs, seed 002, Section 7.2 item 1; issue 5 item 1): the order now waits for bids
     * (AWAITING_BIDS) and is matched by the order book.
     *
     * @param sampleSteps        the work: training samples x epochs
     * @param minCapacity        samples/s on the reference model, &gt; 0
     * @param maxDurationSeconds &gt; 0
     * @param maxPriceWei        the most the consumer pays for compute, &gt; 0 (locked in escrow when matched)
     * @param regionList         allowed regions, empty = any
     * @throws InvalidInputException naming the bad condition
     */
    public void conditions(long sampleSteps, long minCapacity, long maxDurationSeconds,
                           java.math.BigInteger maxPriceWei, java.util.List<String> regionList, String tier,
                           org.trainex.shared.api.WalletAddress wallet) {
        if (minCapacity <= 0) {
            throw new InvalidInputException("minCapacitySamplesPerSecond must be positive");
        }
        if (maxDurationSeconds <= 0) {
            throw new InvalidInputException("maxDurationSeconds must be positive");
        }
        if (maxPriceWei == null || maxPriceWei.signum() <= 0 || maxPriceWei.bitLength() > 256) {
            throw new InvalidInputException("maxPriceWei must be a positive integer of wei below 2^256");
        }
        if (tier != null && !"none".equals(tier)) {
            throw new InvalidInputException("verificationTier must be 'none' (Proof of Learning and redundancy come "
                    + "with the verification market)");
        }
        if (regionList != null && regionList.stream().anyMatch(r -> r == null || r.isBlank() || r.length() > 100
                || r.contains(","))) {
            throw new InvalidInputException("regions must be names of 1 to 100 characters without commas");
        }
        this.sampleSteps = sampleSteps;
        this.minCapacity = minCapacity;
        this.maxDurationSeconds = maxDurationSeconds;
        this.maxPriceWei = maxPriceWei;
        this.regions = regionList == null ? "" : String.join(",", new java.util.TreeSet<>(regionList));
        this.consumerWallet = wallet.value();
        this.state = State.AWAITING_BIDS;
    }

    /** Upper bound of FedAvg rounds. */
    public static final int MAX_ROUNDS = 50;

    /**
     * The federated part of a priced order (issue 5 item 4): further training datasets, FedAvg rounds (each of
     * {@link #epochs()} local epochs) and the data fee rate (basis points of the match cost, paid to the registry
     * entries' shareholders; DataBright, seed 000, Section 2). Call before {@link #conditions}: the work is
     * {@code samples x epochs x rounds} sample-steps.
     *
     * @throws InvalidInputException if rounds are outside 1..{@value #MAX_ROUNDS}, a dataset repeats, or the fee
     *                               rate is outside 0..10000
     */
    public void federated(java.util.List<UUID> extraTrainDatasets, int rounds, int dataFeeBps) {
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new InvalidInputException("rounds must be between 1 and " + MAX_ROUNDS + ", got " + rounds);
        }
        if (dataFeeBps < 0 || dataFeeBps > 10_000) {
            throw new InvalidInputException("the data fee rate must be 0..10000 basis points");
        }
        java.util.List<UUID> all = new java.util.ArrayList<>();
        all.add(trainDatasetId);
        all.addAll(extraTrainDatasets);
        if (all.stream().distinct().count() != all.size() || all.contains(testDatasetId)) {
            throw new InvalidInputException("training datasets must be distinct and none may be the test dataset");
        }
        this.extraTrainDatasetIds = String.join(",", extraTrainDatasets.stream().map(UUID::toString).toList());
        this.rounds = rounds;
        this.dataFeeBps = dataFeeBps;
    }

    /** Every training dataset: {@link #trainDatasetId()} first, then the extra ones in order. */
    public java.util.List<UUID> trainDatasetIds() {
        java.util.List<UUID> all = new java.util.ArrayList<>();
        all.add(trainDatasetId);
        if (!extraTrainDatasetIds.isEmpty()) {
            for (String s : extraTrainDatasetIds.split(",")) {
                all.add(UUID.fromString(s));
            }
        }
        return all;
    }

    public int rounds() {
        return rounds;
    }

    public int dataFeeBps() {
        return dataFeeBps;
    }

    public Long sampleSteps() {
        return sampleSteps;
    }

    /** The longest the training may take, seconds (priced orders; null otherwise). */
    public Long maxDurationSeconds() {
        return maxDurationSeconds;
    }

    /** Whether the order goes through the order book (it has conditions and a price). */
    public boolean priced() {
        return maxPriceWei != null;
    }

    /**
     * What the matching engine needs. The price limit is the compute budget: the maximum price less room for the
     * data fee ({@link org.trainex.computemarket.domain.federated.SettlementPlan#computeBudget}), so the whole
     * bill fits in the lock.
     */
    public org.trainex.computemarket.domain.matching.OrderRequest toRequest() {
        return new org.trainex.computemarket.domain.matching.OrderRequest(id, sampleSteps, minCapacity,
                maxDurationSeconds,
                org.trainex.computemarket.domain.federated.SettlementPlan.computeBudget(maxPriceWei, dataFeeBps),
                regions == null || regions.isEmpty() ? java.util.Set.of()
                : new java.util.TreeSet<>(java.util.List.of(regions.split(","))));
    }

    /** No bids satisfy it yet: why. */
    public void unmatched(String note) {
        this.matchNote = note.length() > 1000 ? note.substring(0, 1000) : note;
    }

    /** Matched: the job can start. */
    public void matched(String note) {
        if (state != State.AWAITING_BIDS) {
            throw new IllegalStateException("order " + id + " is " + state + ", not awaiting bids");
        }
        this.state = State.PLACED;
        this.matchNote = note;
    }

    /** The escrow lock is on chain. @return false if already recorded */
    public boolean escrowLocked(ChainReceipt receipt) {
        if (escrowReceipt != null) {
            return false;
        }
        this.escrowReceipt = receipt;
        return true;
    }

    public String consumer() {
        return consumer;
    }

    public String consumerWallet() {
        return consumerWallet;
    }

    /** The verification tier the consumer chose ({@code none} today; DKLabs, seed 002, Section 7.2). */
    public String verificationTier() {
        return verificationTier;
    }

    public java.math.BigInteger maxPriceWei() {
        return maxPriceWei;
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
                state.name(), createdAt, jobId, sampleSteps, minCapacity, maxDurationSeconds,
                maxPriceWei == null ? null : maxPriceWei.toString(),
                regions == null || regions.isEmpty() ? java.util.List.of() : java.util.List.of(regions.split(",")),
                verificationTier, consumerWallet, matchNote, escrowReceipt == null ? null : escrowReceipt.txHash(),
                escrowReceipt == null ? null : escrowReceipt.blockNumber(), trainDatasetIds(), rounds,
                dataFeeBps);
    }
}
