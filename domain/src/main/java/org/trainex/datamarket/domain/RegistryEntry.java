package org.trainex.datamarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.trainex.datamarket.api.RegistryEntryView;
import org.trainex.shared.api.WalletAddress;

/**
 * An entry of a data registry (DataBright, seed 000, Section 2: the "Database" of a data request): which data
 * (content digest), who contributed it (wallet), how many samples, how many shares the contributor holds for it.
 * PENDING → BATCHED (in a Merkle batch sent to the chain) → ANCHORED (the batch root is on chain; the entry's
 * Merkle proof is recorded). No field changes after ANCHORED.
 */
@Entity
@Table(name = "registry_entry", schema = "datamarket")
public class RegistryEntry {
    /** Entry states. */
    public enum State { PENDING, BATCHED, ANCHORED }

    @Id
    private UUID id;
    @Column(name = "dataset_id", nullable = false, unique = true)
    private UUID datasetId;
    @Column(name = "registry_id", nullable = false)
    private UUID registryId;
    /** SHA-256 of the dataset manifest, 64 hex digits. */
    @Column(name = "content_digest", nullable = false, length = 64)
    private String contentDigest;
    @Column(name = "contributor_wallet", nullable = false, length = 42)
    private String contributorWallet;
    @Column(name = "sample_count", nullable = false)
    private int sampleCount;
    @Column(nullable = false, precision = 78, scale = 0)
    private BigInteger shares;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Column(name = "batch_id")
    private UUID batchId;
    @Column(name = "leaf_index")
    private Integer leafIndex;
    /** Merkle proof: sibling hashes (0x hex) from leaf to root, comma separated. */
    @Column(name = "merkle_proof", columnDefinition = "text")
    private String merkleProof;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "anchored_at")
    private Instant anchoredAt;
    @Version
    private long version;

    @Column(name = "entered_by")
    private String enteredBy;

    protected RegistryEntry() {
    }

    /**
     * @param shares the contributor's shares: one per accepted sample (seed 000, Section 2: contributors become
     *               shareholders in proportion to what they contributed)
     */
    public RegistryEntry(UUID id, UUID datasetId, UUID registryId, String contentDigest, WalletAddress contributor,
                         int sampleCount, Instant now) {
        if (!contentDigest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("content digest must be 64 lower-case hex digits");
        }
        this.id = Objects.requireNonNull(id);
        this.datasetId = Objects.requireNonNull(datasetId);
        this.registryId = Objects.requireNonNull(registryId);
        this.contentDigest = contentDigest;
        this.contributorWallet = contributor.value();
        this.sampleCount = sampleCount;
        this.shares = BigInteger.valueOf(sampleCount);
        this.state = State.PENDING;
        this.createdAt = now;
    }

    /** Put into a batch that is being anchored. @throws IllegalStateException unless PENDING */
    public void batched(UUID batch) {
        if (state != State.PENDING) {
            throw new IllegalStateException("entry " + id + " is " + state);
        }
        this.batchId = batch;
        this.state = State.BATCHED;
    }

    /** Its batch is on chain. Idempotent for the same batch; @throws IllegalStateException for another batch */
    public boolean anchored(UUID batch, int leafIndex, List<String> proof, Instant now) {
        if (!batch.equals(batchId)) {
            throw new IllegalStateException("entry " + id + " is not in batch " + batch);
        }
        if (state == State.ANCHORED) {
            return false;
        }
        this.leafIndex = leafIndex;
        this.merkleProof = String.join(",", proof);
        this.state = State.ANCHORED;
        this.anchoredAt = now;
        return true;
    }

    public UUID id() {
        return id;
    }

    public UUID batchId() {
        return batchId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public State state() {
        return state;
    }

    public UUID registryId() {
        return registryId;
    }

    public String contentDigest() {
        return contentDigest;
    }

    public String contributorWallet() {
        return contributorWallet;
    }

    public int sampleCount() {
        return sampleCount;
    }

    public BigInteger shares() {
        return shares;
    }

    /**
     * Marks the entry as made by admin {@code admin} outside curation (issue 11 item 2: the registry is written only
     * by curation, or by an admin action that is logged and shown as such).
     */
    public RegistryEntry enteredByAdmin(String admin) {
        this.enteredBy = Objects.requireNonNull(admin);
        return this;
    }

    /** The admin who entered it outside curation, or null for an accepted proposal. */
    public String enteredBy() {
        return enteredBy;
    }

    public RegistryEntryView toView(RegistryBatch batch) {
        return new RegistryEntryView(id, datasetId, registryId, contentDigest, contributorWallet, sampleCount,
                shares, state.name(), leafIndex, merkleProof == null || merkleProof.isEmpty() ? List.of() : List.of(merkleProof.split(",")),
                batch == null ? null : batch.merkleRoot(), batch == null ? null : batch.chainBatchId(),
                batch == null ? null : batch.txHash(), batch == null ? null : batch.blockNumber(),
                batch == null ? null : batch.sharesTxHash(), batch == null ? null : batch.sharesBlockNumber(),
                createdAt, anchoredAt, enteredBy == null ? "CURATION" : "ADMIN",
                enteredBy == null ? null : "admin " + enteredBy);
    }
}
