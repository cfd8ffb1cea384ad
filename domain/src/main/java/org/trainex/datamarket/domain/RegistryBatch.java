package org.trainex.datamarket.domain;

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

/**
 * A Merkle batch of registry entries sent to the chain in one transaction (DESIGN.md, "The chain is the public
 * record": bulk items are batched into Merkle roots so gas per item stays small). SUBMITTED → ANCHORED.
 */
@Entity
@Table(name = "registry_batch", schema = "datamarket")
public class RegistryBatch {
    /** Batch states. */
    public enum State { SUBMITTED, ANCHORED }

    @Id
    private UUID id;
    @Column(name = "registry_id", nullable = false)
    private UUID registryId;
    @Column(name = "entry_count", nullable = false)
    private int entryCount;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Column(name = "merkle_root", length = 66)
    private String merkleRoot;
    @Column(name = "chain_batch_id")
    private Long chainBatchId;
    @Column(name = "tx_hash", length = 66)
    private String txHash;
    @Column(name = "block_number")
    private Long blockNumber;
    @Column(name = "shares_tx_hash", length = 66)
    private String sharesTxHash;
    @Column(name = "shares_block_number")
    private Long sharesBlockNumber;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "anchored_at")
    private Instant anchoredAt;
    @Version
    private long version;

    protected RegistryBatch() {
    }

    public RegistryBatch(UUID id, UUID registryId, int entryCount, Instant now) {
        this.id = Objects.requireNonNull(id);
        this.registryId = Objects.requireNonNull(registryId);
        this.entryCount = entryCount;
        this.state = State.SUBMITTED;
        this.createdAt = now;
    }

    /** Records the on-chain batch. @return false if it was already recorded (duplicate confirmation) */
    public boolean anchored(String merkleRoot, long chainBatchId, String txHash, long blockNumber, Instant now) {
        if (state == State.ANCHORED) {
            return false;
        }
        this.merkleRoot = merkleRoot;
        this.chainBatchId = chainBatchId;
        this.txHash = txHash;
        this.blockNumber = blockNumber;
        this.state = State.ANCHORED;
        this.anchoredAt = now;
        return true;
    }

    /** Records the ShareToken mint of this batch's shares. @return false if it was already recorded */
    public boolean sharesMinted(String txHash, long blockNumber) {
        if (sharesTxHash != null) {
            return false;
        }
        this.sharesTxHash = txHash;
        this.sharesBlockNumber = blockNumber;
        return true;
    }

    public String sharesTxHash() {
        return sharesTxHash;
    }

    public Long sharesBlockNumber() {
        return sharesBlockNumber;
    }

    public UUID id() {
        return id;
    }

    public String merkleRoot() {
        return merkleRoot;
    }

    public Long chainBatchId() {
        return chainBatchId;
    }

    public String txHash() {
        return txHash;
    }

    public Long blockNumber() {
        return blockNumber;
    }
}
