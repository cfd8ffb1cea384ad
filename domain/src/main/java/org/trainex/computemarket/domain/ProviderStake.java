package org.trainex.computemarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * One observed change of a provider's active stake on chain (wei: positive when the provider staked from its wallet,
 * negative when it unstaked or was slashed), as the exchange mirrored it (issue 11 item 1). Older rows (before the
 * providers staked themselves) carry the {@code stakeFor} transaction the exchange sent.
 */
@Entity
@Table(name = "provider_stake", schema = "computemarket")
public class ProviderStake {
    @Id
    private UUID id;
    @Column(nullable = false, length = 100)
    private String provider;
    @Column(nullable = false, length = 42)
    private String wallet;
    @Column(name = "amount_wei", nullable = false, precision = 78, scale = 0)
    private BigInteger amountWei;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "tx_hash", length = 66)
    private String txHash;
    @Column(name = "block_number")
    private Long blockNumber;

    protected ProviderStake() {
    }

    public ProviderStake(UUID id, String provider, String wallet, BigInteger amountWei, Instant now) {
        this.id = id;
        this.provider = provider;
        this.wallet = wallet;
        this.amountWei = amountWei;
        this.createdAt = now;
    }

    /** @return false if already confirmed */
    public boolean confirmed(String txHash, long block) {
        if (this.txHash != null) {
            return false;
        }
        this.txHash = txHash;
        this.blockNumber = block;
        return true;
    }

    public UUID id() {
        return id;
    }

    public String provider() {
        return provider;
    }

    public BigInteger amountWei() {
        return amountWei;
    }
}
