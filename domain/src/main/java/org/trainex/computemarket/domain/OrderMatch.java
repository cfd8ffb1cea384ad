package org.trainex.computemarket.domain;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.trainex.computemarket.api.MatchView;
import org.trainex.computemarket.domain.matching.Fill;
import org.trainex.computemarket.domain.matching.Match;

/**
 * The recorded match of an order (issue 5 item 3: "the match is recorded with the prices used"): the fills in
 * priority order, each with the bid, its runners, the capacity taken (samples/s), the work share (sample-steps),
 * the bid's price (wei per 1,000 sample-steps) and the cost (wei). Immutable.
 */
@Entity
@Table(name = "order_match", schema = "computemarket")
public class OrderMatch {
    /** A fill as stored. */
    @Embeddable
    public static class StoredFill {
        @Column(name = "bid_id", nullable = false)
        private UUID bidId;
        @Column(nullable = false, length = 100)
        private String provider;
        @Column(name = "runner_ids", nullable = false, length = 2000)
        private String runnerIds;
        @Column(nullable = false)
        private long capacity;
        @Column(name = "sample_steps", nullable = false)
        private long sampleSteps;
        @Column(name = "price_per_kilo_sample_step_wei", nullable = false, precision = 78, scale = 0)
        private BigInteger price;
        @Column(name = "cost_wei", nullable = false, precision = 78, scale = 0)
        private BigInteger costWei;

        protected StoredFill() {
        }

        StoredFill(Fill f) {
            this.bidId = f.bidId();
            this.provider = f.providerId();
            this.runnerIds = String.join(",", f.runnerIds());
            this.capacity = f.capacitySamplesPerSecond();
            this.sampleSteps = f.sampleSteps();
            this.price = f.pricePerKiloSampleStepWei();
            this.costWei = f.costWei();
        }

        MatchView.FillView toView() {
            return new MatchView.FillView(bidId, provider, List.of(runnerIds.split(",")), capacity, sampleSteps,
                    price.toString(), costWei.toString());
        }
    }

    @Id
    @Column(name = "order_id")
    private UUID orderId;
    @Column(name = "sample_steps", nullable = false)
    private long sampleSteps;
    @Column(name = "total_capacity", nullable = false)
    private long totalCapacity;
    @Column(name = "total_cost_wei", nullable = false, precision = 78, scale = 0)
    private BigInteger totalCostWei;
    @Column(name = "estimated_seconds", nullable = false)
    private long estimatedSeconds;
    @Column(name = "book_sequence", nullable = false)
    private long bookSequence;
    @Column(name = "matched_at", nullable = false)
    private Instant matchedAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_match_fill", schema = "computemarket", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "position")
    private List<StoredFill> fills = new ArrayList<>();

    protected OrderMatch() {
    }

    public OrderMatch(Match m) {
        this.orderId = m.orderId();
        this.sampleSteps = m.sampleSteps();
        this.totalCapacity = m.totalCapacity();
        this.totalCostWei = m.totalCostWei();
        this.estimatedSeconds = m.estimatedSeconds();
        this.bookSequence = m.bookSequence();
        this.matchedAt = m.matchedAt();
        m.fills().forEach(f -> fills.add(new StoredFill(f)));
    }

    public UUID orderId() {
        return orderId;
    }

    public BigInteger totalCostWei() {
        return totalCostWei;
    }

    public MatchView toView() {
        return new MatchView(orderId, sampleSteps, totalCapacity, totalCostWei.toString(), estimatedSeconds,
                bookSequence, matchedAt, fills.stream().map(StoredFill::toView).toList());
    }
}
