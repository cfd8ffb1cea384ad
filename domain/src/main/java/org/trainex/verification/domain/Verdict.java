package org.trainex.verification.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.trainex.verification.api.VerdictView;

/**
 * The verification context's verdict on an ended job's work (aggregate, one per job). Tier {@code none} is
 * VERIFIED at once: nothing is checked, as the consumer chose (issue 12 item 2). Other tiers stay PENDING until the
 * verification market checks them (Proof of Learning: Jia et al. 2021; redundancy: DataBright, seed 000, Section 3).
 */
@Entity
@Table(name = "verdict", schema = "verification")
public class Verdict {
    /** Where a verdict stands. */
    public enum Outcome { VERIFIED, PENDING }

    /** The tier that passes every ended job straight through. */
    public static final String TIER_NONE = "none";

    @Id
    @Column(name = "job_id")
    private UUID jobId;
    @Column(name = "order_id", nullable = false)
    private UUID orderId;
    @Column(name = "job_succeeded", nullable = false)
    private boolean jobSucceeded;
    @Column(nullable = false, length = 20)
    private String tier;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Outcome outcome;
    @Column(nullable = false, length = 500)
    private String note;
    @Column(name = "decided_at", nullable = false)
    private Instant decidedAt;

    protected Verdict() {
    }

    /**
     * The verdict on a job that just ended.
     *
     * @throws IllegalArgumentException if an id or the tier is missing
     */
    public static Verdict of(UUID jobId, UUID orderId, boolean jobSucceeded, String tier, Instant now) {
        if (tier == null || tier.isBlank()) {
            throw new IllegalArgumentException("a verdict needs the order's verification tier");
        }
        Verdict v = new Verdict();
        v.jobId = Objects.requireNonNull(jobId, "jobId");
        v.orderId = Objects.requireNonNull(orderId, "orderId");
        v.jobSucceeded = jobSucceeded;
        v.tier = tier;
        v.decidedAt = now;
        if (TIER_NONE.equals(tier)) {
            v.outcome = Outcome.VERIFIED;
            v.note = "tier none: the consumer chose no verification; the accepted work passes straight through";
        } else {
            v.outcome = Outcome.PENDING;
            v.note = "tier " + tier + " is not checked by this exchange yet; the escrow stays locked";
        }
        return v;
    }

    public UUID jobId() {
        return jobId;
    }

    public UUID orderId() {
        return orderId;
    }

    public boolean jobSucceeded() {
        return jobSucceeded;
    }

    public String tier() {
        return tier;
    }

    public Outcome outcome() {
        return outcome;
    }

    public VerdictView toView() {
        return new VerdictView(jobId, orderId, tier, outcome.name(), note, decidedAt);
    }
}
