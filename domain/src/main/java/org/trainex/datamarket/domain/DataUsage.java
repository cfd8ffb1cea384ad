package org.trainex.datamarket.domain;

import jakarta.persistence.Embedded;
import jakarta.persistence.AttributeOverride;
import org.trainex.shared.api.ChainReceipt;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a training job used of the registry, and the data fee it paid as dividends (DataBright, seed 000, Section 2;
 * issue 4 item 5): one line per registry entry with the samples used and the dividend (wei) its contributor got.
 * Immutable once recorded, except for the chain confirmation.
 */
@Entity
@Table(name = "data_usage", schema = "datamarket")
public class DataUsage {
    /** One entry used: samples used and the dividend in wei paid to the entry's contributor. */
    @Embeddable
    public static class Line {
        @Column(name = "entry_id", nullable = false)
        private UUID entryId;
        @Column(name = "samples_used", nullable = false)
        private long samplesUsed;
        @Column(name = "contributor_wallet", nullable = false, length = 42)
        private String contributorWallet;
        @Column(name = "dividend_wei", nullable = false, precision = 78, scale = 0)
        private BigInteger dividendWei;

        protected Line() {
        }

        public Line(UUID entryId, long samplesUsed, String contributorWallet, BigInteger dividendWei) {
            this.entryId = entryId;
            this.samplesUsed = samplesUsed;
            this.contributorWallet = contributorWallet;
            this.dividendWei = dividendWei;
        }

        public UUID entryId() {
            return entryId;
        }

        public long samplesUsed() {
            return samplesUsed;
        }

        public String contributorWallet() {
            return contributorWallet;
        }

        public BigInteger dividendWei() {
            return dividendWei;
        }
    }

    @Id
    private UUID id;
    @Column(nullable = false, length = 100, unique = true)
    private String reference;
    @Column(nullable = false, length = 100)
    private String payer;
    @Column(name = "data_fee_wei", nullable = false, precision = 78, scale = 0)
    private BigInteger dataFeeWei;
    @Column(name = "usage_digest", nullable = false, length = 66)
    private String usageDigest;
    @Column(name = "recorded_by", nullable = false)
    private String recordedBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    /** Where the dividends were paid on chain, once confirmed. */
    @Embedded
    @AttributeOverride(name = "txHash", column = @Column(name = "tx_hash", length = 66))
    @AttributeOverride(name = "blockNumber", column = @Column(name = "block_number"))
    private ChainReceipt receipt;
    @Column(name = "paid_at")
    private Instant paidAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "data_usage_line", schema = "datamarket", joinColumns = @JoinColumn(name = "usage_id"))
    @OrderBy("entryId")
    private List<Line> lines = new ArrayList<>();
    @Version
    private long version;

    protected DataUsage() {
    }

    public DataUsage(UUID id, String reference, String payer, BigInteger dataFeeWei, String usageDigest,
                     String recordedBy, List<Line> lines, Instant now) {
        this.id = id;
        this.reference = reference;
        this.payer = payer;
        this.dataFeeWei = dataFeeWei;
        this.usageDigest = usageDigest;
        this.recordedBy = recordedBy;
        this.lines.addAll(lines);
        this.createdAt = now;
    }

    /** @return false if already confirmed (duplicates change nothing) */
    public boolean paidOnChain(ChainReceipt receipt, Instant now) {
        if (this.receipt != null) {
            return false;
        }
        this.receipt = receipt;
        this.paidAt = now;
        return true;
    }

    public UUID id() {
        return id;
    }

    public String reference() {
        return reference;
    }

    public String payer() {
        return payer;
    }

    public BigInteger dataFeeWei() {
        return dataFeeWei;
    }

    public String usageDigest() {
        return usageDigest;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String txHash() {
        return receipt == null ? null : receipt.txHash();
    }

    public Long blockNumber() {
        return receipt == null ? null : receipt.blockNumber();
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }
}
