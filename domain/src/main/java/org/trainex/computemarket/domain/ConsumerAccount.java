package org.trainex.computemarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import org.trainex.shared.api.WalletAddress;

/**
 * A consumer's payment wallet (issue 11 item 1): the wallet its priced orders lock their maximum price from (its own
 * {@code ComputeEscrow} deposit) and to which refunds go. Linked by an EIP-191 signature (checked by the caller);
 * one consumer per wallet. The row is also the lock that serialises a consumer's coverage checks.
 */
@Entity
@Table(name = "consumer_account", schema = "computemarket")
public class ConsumerAccount {
    @Id
    private String consumer;
    @Column(nullable = false, length = 42, unique = true)
    private String wallet;
    @Column(name = "linked_at", nullable = false)
    private Instant linkedAt;
    @Version
    private long version;

    protected ConsumerAccount() {
    }

    public ConsumerAccount(String consumer, WalletAddress wallet, Instant now) {
        this.consumer = Objects.requireNonNull(consumer);
        this.wallet = wallet.value();
        this.linkedAt = now;
    }

    /** Changes the wallet (the caller checked its signature). */
    public void relink(WalletAddress w, Instant now) {
        this.wallet = w.value();
        this.linkedAt = now;
    }

    public String consumer() {
        return consumer;
    }

    public WalletAddress wallet() {
        return WalletAddress.of(wallet);
    }

    public Instant linkedAt() {
        return linkedAt;
    }
}
