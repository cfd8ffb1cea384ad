package org.trainex.computemarket.domain;

import jakarta.persistence.Embedded;
import jakarta.persistence.AttributeOverride;
import org.trainex.shared.api.ChainReceipt;
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
    /** Where the stake landed on chain, once confirmed. */
    @Embedded
    @AttributeOverride(name = "txHash", column = @Column(name = "tx_hash", length = 66))
    @AttributeOverride(name = "blockNumber", column = @Column(name = "block_number"))
    private ChainReceipt receipt;

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
    public boolean confirmed(ChainReceipt receipt) {
        if (this.receipt != null) {
            return false;
        }
        this.receipt = receipt;
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
