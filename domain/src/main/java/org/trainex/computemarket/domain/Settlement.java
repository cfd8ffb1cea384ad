package org.trainex.computemarket.domain;

import jakarta.persistence.Embedded;
import jakarta.persistence.AttributeOverride;
import org.trainex.shared.api.ChainReceipt;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.trainex.computemarket.api.BillView;

/**
 * The settlement of an order's escrow lock and its itemised bill (issue 5 item 5; DKLabs, seed 002, Section 7.2
 * item 5: after the challenge period "the results of the training are exchanged for payment through a
 * decentralized escrow system"). The lines always sum to the lock (also a database CHECK).
 *
 * <pre>
 * VERIFYING --markVerified on chain--> CHALLENGE_PERIOD --period over--> RELEASING --release on chain--> RELEASED
 * REFUNDING --refund on chain--> REFUNDED     (a job that failed before any work was accepted)
 * </pre>
 */
@Entity
@Table(name = "settlement", schema = "computemarket")
public class Settlement {
    /** Settlement states. */
    public enum State { RECORDING_USAGE, VERIFYING, CHALLENGE_PERIOD, RELEASING, RELEASED, REFUNDING, REFUNDED }

    /** Line kinds. */
    public enum Kind { PROVIDER, DIVIDEND, REFUND }

    /** A bill line. */
    @Embeddable
    public static class Line {
        @Enumerated(EnumType.STRING)
        @Column(nullable = false, length = 20)
        private Kind kind;
        @Column(nullable = false, length = 100)
        private String party;
        @Column(length = 42)
        private String wallet;
        @Column(name = "sample_steps")
        private Long sampleSteps;
        @Column(name = "amount_wei", nullable = false, precision = 78, scale = 0)
        private BigInteger amountWei;
        @Column(length = 500)
        private String note;

        protected Line() {
        }

        public Line(Kind kind, String party, String wallet, Long sampleSteps, BigInteger amountWei, String note) {
            if (amountWei == null || amountWei.signum() < 0) {
                throw new IllegalArgumentException("a bill line needs a non-negative amount");
            }
            this.kind = Objects.requireNonNull(kind);
            this.party = Objects.requireNonNull(party);
            this.wallet = wallet;
            this.sampleSteps = sampleSteps;
            this.amountWei = amountWei;
            this.note = note;
        }

        public Kind kind() {
            return kind;
        }

        public String party() {
            return party;
        }

        public String wallet() {
            return wallet;
        }

        public BigInteger amountWei() {
            return amountWei;
        }

        public Long sampleSteps() {
            return sampleSteps;
        }

        BillView.Line toView() {
            return new BillView.Line(kind.name(), party, wallet, sampleSteps, amountWei.toString(), note);
        }
    }

    @Id
    @Column(name = "order_id")
    private UUID orderId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Column(name = "locked_wei", nullable = false, precision = 78, scale = 0)
    private BigInteger lockedWei;
    @Column(name = "providers_wei", nullable = false, precision = 78, scale = 0)
    private BigInteger providersWei;
    @Column(name = "data_fee_wei", nullable = false, precision = 78, scale = 0)
    private BigInteger dataFeeWei;
    @Column(name = "refund_wei", nullable = false, precision = 78, scale = 0)
    private BigInteger refundWei;
    @Column(name = "usage_id")
    private UUID usageId;
    @Column(name = "usage_digest", length = 66)
    private String usageDigest;
    /** Where markVerified landed on chain, once confirmed. */
    @Embedded
    @AttributeOverride(name = "txHash", column = @Column(name = "verify_tx_hash", length = 66))
    @AttributeOverride(name = "blockNumber", column = @Column(name = "verify_block"))
    private ChainReceipt verifyReceipt;
    @Column(name = "challenge_ends_at")
    private Instant challengeEndsAt;
    /** Where the release or refund landed on chain, once confirmed. */
    @Embedded
    @AttributeOverride(name = "txHash", column = @Column(name = "release_tx_hash", length = 66))
    @AttributeOverride(name = "blockNumber", column = @Column(name = "release_block"))
    private ChainReceipt releaseReceipt;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "settled_at")
    private Instant settledAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "settlement_line", schema = "computemarket", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "position")
    private List<Line> lines = new ArrayList<>();
    @Version
    private long version;

    protected Settlement() {
    }

    /**
     * @param lines   PROVIDER, DIVIDEND and REFUND lines
     * @param refund  whether this is a full refund (no work accepted): REFUNDING instead of VERIFYING
     * @throws IllegalArgumentException if the lines do not sum to {@code lockedWei}
     */
    public Settlement(UUID orderId, BigInteger lockedWei, List<Line> lines, UUID usageId, String usageDigest,
                      boolean refund, Instant now) {
        this.orderId = Objects.requireNonNull(orderId);
        this.lockedWei = lockedWei;
        this.lines.addAll(lines);
        this.providersWei = sum(Kind.PROVIDER);
        this.dataFeeWei = sum(Kind.DIVIDEND);
        this.refundWei = sum(Kind.REFUND);
        if (!providersWei.add(dataFeeWei).add(refundWei).equals(lockedWei)) {
            throw new IllegalArgumentException("bill of order " + orderId + " does not balance: " + providersWei
                    + " + " + dataFeeWei + " + " + refundWei + " != " + lockedWei + " wei");
        }
        this.usageId = usageId;
        this.usageDigest = usageDigest;
        this.state = refund ? State.REFUNDING : State.VERIFYING;
        this.createdAt = now;
    }

    /**
     * A settlement whose data fee the data market still has to split into dividends (state RECORDING_USAGE): the
     * lines hold the providers' payments and the refund; {@code dataFeeWei} is the rest of the lock, split by
     * {@link #usageRecorded}.
     *
     * @throws IllegalArgumentException if the fee is not positive or the lines and the fee do not sum to the lock
     */
    public static Settlement awaitingUsage(UUID orderId, BigInteger lockedWei, List<Line> lines, BigInteger dataFeeWei,
                                           Instant now) {
        if (dataFeeWei.signum() <= 0 || lines.stream().anyMatch(l -> l.kind() == Kind.DIVIDEND)) {
            throw new IllegalArgumentException("a settlement awaiting a usage has a positive data fee and no "
                    + "dividend lines yet");
        }
        Settlement s = new Settlement();
        s.orderId = Objects.requireNonNull(orderId);
        s.lockedWei = lockedWei;
        s.lines.addAll(lines);
        s.providersWei = s.sum(Kind.PROVIDER);
        s.dataFeeWei = dataFeeWei;
        s.refundWei = s.sum(Kind.REFUND);
        if (!s.providersWei.add(dataFeeWei).add(s.refundWei).equals(lockedWei)) {
            throw new IllegalArgumentException("bill of order " + orderId + " does not balance: " + s.providersWei
                    + " + " + dataFeeWei + " + " + s.refundWei + " != " + lockedWei + " wei");
        }
        s.state = State.RECORDING_USAGE;
        s.createdAt = now;
        return s;
    }

    /**
     * The data market recorded the usage: its dividend lines join the bill (before the refund line) and the order
     * can be marked verified. A second call changes nothing.
     *
     * @param dividends DIVIDEND lines summing to the data fee
     * @return whether this call moved the settlement to VERIFYING
     * @throws IllegalArgumentException if the dividends do not sum to the data fee or are not DIVIDEND lines
     */
    public boolean usageRecorded(UUID usageId, String usageDigest, List<Line> dividends) {
        if (state != State.RECORDING_USAGE) {
            return false;
        }
        BigInteger total = dividends.stream().peek(l -> {
            if (l.kind() != Kind.DIVIDEND) {
                throw new IllegalArgumentException("not a dividend line: " + l.kind());
            }
        }).map(Line::amountWei).reduce(BigInteger.ZERO, BigInteger::add);
        if (!total.equals(dataFeeWei)) {
            throw new IllegalArgumentException("usage " + usageId + " splits " + total + " wei, the bill of order "
                    + orderId + " has a data fee of " + dataFeeWei + " wei");
        }
        int refundAt = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).kind() == Kind.REFUND) {
                refundAt = i;
                break;
            }
        }
        lines.addAll(refundAt, dividends);
        this.usageId = Objects.requireNonNull(usageId);
        this.usageDigest = Objects.requireNonNull(usageDigest);
        this.state = State.VERIFYING;
        return true;
    }

    private BigInteger sum(Kind k) {
        return lines.stream().filter(l -> l.kind == k).map(l -> l.amountWei).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** On chain: Verified, releasable from {@code challengeEndsAt}. @return false if not expected */
    public boolean verified(ChainReceipt receipt, Instant challengeEndsAt) {
        if (state != State.VERIFYING) {
            return false;
        }
        this.verifyReceipt = receipt;
        this.challengeEndsAt = challengeEndsAt;
        this.state = State.CHALLENGE_PERIOD;
        return true;
    }

    /** Whether the challenge period is over at {@code now}. */
    public boolean releasable(Instant now) {
        return state == State.CHALLENGE_PERIOD && !challengeEndsAt.isAfter(now);
    }

    /** The release is requested on chain. */
    public void releasing() {
        if (state != State.CHALLENGE_PERIOD) {
            throw new IllegalStateException("settlement of " + orderId + " is " + state);
        }
        this.state = State.RELEASING;
    }

    /** The release or refund is on chain. @return false if already recorded or not expected */
    public boolean settled(ChainReceipt receipt, Instant now) {
        if (state != State.RELEASING && state != State.REFUNDING) {
            return false;
        }
        this.state = state == State.RELEASING ? State.RELEASED : State.REFUNDED;
        this.releaseReceipt = receipt;
        this.settledAt = now;
        return true;
    }

    public UUID orderId() {
        return orderId;
    }

    public State state() {
        return state;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public UUID usageId() {
        return usageId;
    }

    public String usageDigest() {
        return usageDigest;
    }

    public BigInteger refundWei() {
        return refundWei;
    }

    public String releaseTxHash() {
        return releaseReceipt == null ? null : releaseReceipt.txHash();
    }

    public BillView toView() {
        return new BillView(orderId, state.name(), lockedWei.toString(), lines.stream().map(Line::toView).toList(),
                providersWei.toString(), dataFeeWei.toString(), refundWei.toString(),
                providersWei.add(dataFeeWei).add(refundWei).equals(lockedWei),
                verifyReceipt == null ? null : verifyReceipt.txHash(), challengeEndsAt,
                releaseReceipt == null ? null : releaseReceipt.txHash(),
                releaseReceipt == null ? null : releaseReceipt.blockNumber(), settledAt);
    }
}
