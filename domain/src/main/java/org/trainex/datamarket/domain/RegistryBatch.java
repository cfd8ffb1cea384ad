package org.trainex.datamarket.domain;

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
    /** Where the batch was anchored on chain, once confirmed. */
    @Embedded
    @AttributeOverride(name = "txHash", column = @Column(name = "tx_hash", length = 66))
    @AttributeOverride(name = "blockNumber", column = @Column(name = "block_number"))
    private ChainReceipt receipt;
    /** Where the contributors' shares were minted, once confirmed. */
    @Embedded
    @AttributeOverride(name = "txHash", column = @Column(name = "shares_tx_hash", length = 66))
    @AttributeOverride(name = "blockNumber", column = @Column(name = "shares_block_number"))
    private ChainReceipt sharesReceipt;
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
    public boolean anchored(String merkleRoot, long chainBatchId, ChainReceipt receipt, Instant now) {
        if (state == State.ANCHORED) {
            return false;
        }
        this.merkleRoot = merkleRoot;
        this.chainBatchId = chainBatchId;
        this.receipt = receipt;
        this.state = State.ANCHORED;
        this.anchoredAt = now;
        return true;
    }

    /** Records the ShareToken mint of this batch's shares. @return false if it was already recorded */
    public boolean sharesMinted(ChainReceipt receipt) {
        if (sharesReceipt != null) {
            return false;
        }
        this.sharesReceipt = receipt;
        return true;
    }

    public String sharesTxHash() {
        return sharesReceipt == null ? null : sharesReceipt.txHash();
    }

    public Long sharesBlockNumber() {
        return sharesReceipt == null ? null : sharesReceipt.blockNumber();
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
        return receipt == null ? null : receipt.txHash();
    }

    public Long blockNumber() {
        return receipt == null ? null : receipt.blockNumber();
    }
}
