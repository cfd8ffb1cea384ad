package org.trainex.computemarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import org.trainex.shared.api.WalletAddress;

/**
 * A provider's payout wallet and stake (DKLabs, seed 002, Section 7.2 item 3: compute is allocated by "the amount
 * staked and can be reduced if the node misbehaves"). The provider stakes from its own wallet
 * ({@code ComputeEscrow.stake}); the exchange mirrors the wallet's active stake from the chain (issue 11 item 1), so
 * {@code staked} and {@code stakeOnChain} both hold the last value read from the chain.
 */
@Entity
@Table(name = "provider_account", schema = "computemarket")
public class ProviderAccount {
    @Id
    private String provider;
    @Column(nullable = false, length = 42)
    private String wallet;
    @Column(name = "staked_wei", nullable = false, precision = 78, scale = 0)
    private BigInteger stakedWei = BigInteger.ZERO;
    @Column(name = "stake_on_chain_wei", nullable = false, precision = 78, scale = 0)
    private BigInteger stakeOnChainWei = BigInteger.ZERO;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected ProviderAccount() {
    }

    public ProviderAccount(String provider, WalletAddress wallet, Instant now) {
        this.provider = Objects.requireNonNull(provider);
        this.wallet = wallet.value();
        this.updatedAt = now;
    }

    /** Changes the payout wallet (the caller checked its signature). */
    public void wallet(WalletAddress w, Instant now) {
        this.wallet = w.value();
        this.updatedAt = now;
    }

    /** The wallet's active stake on chain is {@code activeWei} (wei, &gt;= 0), read now. */
    public void stakeMirrored(BigInteger activeWei, Instant now) {
        if (activeWei.signum() < 0) {
            throw new IllegalArgumentException("a stake cannot be negative");
        }
        this.stakedWei = activeWei;
        this.stakeOnChainWei = activeWei;
        this.updatedAt = now;
    }

    /** Adds {@code amount} wei (&gt; 0) to the recorded stake. */
    public void stake(BigInteger amount, Instant now) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a stake must be positive");
        }
        this.stakedWei = stakedWei.add(amount);
        this.updatedAt = now;
    }

    /** The chain confirmed {@code amount} wei of stake. */
    public void stakeConfirmed(BigInteger amount, Instant now) {
        this.stakeOnChainWei = stakeOnChainWei.add(amount);
        this.updatedAt = now;
    }

    public String provider() {
        return provider;
    }

    public String wallet() {
        return wallet;
    }

    public BigInteger stakedWei() {
        return stakedWei;
    }

    public BigInteger stakeOnChainWei() {
        return stakeOnChainWei;
    }
}
