package org.trainex.datamarket.domain;

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
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.WalletAddress;

/** Curator tokens the exchange grants a wallet (CuratorToken base units), minted on chain through the outbox. */
@Entity
@Table(name = "curator_token_grant", schema = "datamarket")
public class CuratorTokenGrant {
    @Id
    private UUID id;
    @Column(nullable = false, length = 42)
    private String holder;
    @Column(nullable = false, precision = 78, scale = 0)
    private BigInteger amount;
    @Column(name = "granted_by", nullable = false)
    private String grantedBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    /** Where the mint landed on chain, once confirmed. */
    @Embedded
    @AttributeOverride(name = "txHash", column = @Column(name = "tx_hash", length = 66))
    @AttributeOverride(name = "blockNumber", column = @Column(name = "block_number"))
    private ChainReceipt receipt;

    protected CuratorTokenGrant() {
    }

    /**
     * Most curator-token base units one grant may mint: 10^9 tokens of 18 decimals = 10^27 base units. The
     * CuratorToken (ERC20Votes) caps its supply at 2^208 - 1 and reverts a mint beyond it, so a bigger grant would be
     * accepted here and fail on chain (issue 11, finding 9); 10^27 is far below that cap even after many grants.
     */
    public static final BigInteger MAX_AMOUNT = BigInteger.TEN.pow(27);

    /**
     * @param amount base units (18 decimals), 1..{@link #MAX_AMOUNT}
     * @throws InvalidInputException if the amount is not positive or exceeds {@link #MAX_AMOUNT}
     */
    public CuratorTokenGrant(UUID id, WalletAddress holder, BigInteger amount, String grantedBy, Instant now) {
        if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidInputException("amount must be a positive integer of token base units, at most 10^27 "
                    + "(10^9 tokens of 18 decimals), got " + amount);
        }
        this.id = id;
        this.holder = holder.value();
        this.amount = amount;
        this.grantedBy = grantedBy;
        this.createdAt = now;
    }

    /** @return false if already confirmed */
    public boolean minted(ChainReceipt receipt) {
        if (this.receipt != null) {
            return false;
        }
        this.receipt = receipt;
        return true;
    }

    public UUID id() {
        return id;
    }

    public String holder() {
        return holder;
    }

    public BigInteger amount() {
        return amount;
    }

    public String txHash() {
        return receipt == null ? null : receipt.txHash();
    }

    public Long blockNumber() {
        return receipt == null ? null : receipt.blockNumber();
    }

    public Instant createdAt() {
        return createdAt;
    }
}
