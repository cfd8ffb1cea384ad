package org.trainex.computemarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.trainex.computemarket.api.BidView;
import org.trainex.shared.api.InvalidInputException;

/**
 * A provider's bid in the order book (DKLabs, seed 002, Section 7.2; DataBright, seed 000, Section 3; issue 5
 * item 2): capacity of named runners (samples/s on the reference model) offered at a price per 1,000
 * sample-steps (wei) for a validity window. A sample-step is one sample passed forward and backward once. OPEN
 * while capacity remains; matching consumes capacity (partial fills); FILLED when none remains, CANCELLED by its
 * provider, EXPIRED after its window. SUSPENDED while one of its runners is LOST (no heartbeats): out of the book
 * until the runner beats again, when it re-enters at the back of its price level.
 */
@Entity
@Table(name = "bid", schema = "computemarket")
public class Bid {
    /** Bid states. */
    public enum State { OPEN, SUSPENDED, FILLED, CANCELLED, EXPIRED }

    @Id
    private UUID id;
    @Column(nullable = false, length = 100)
    private String provider;
    @Column(name = "runner_ids", nullable = false, length = 2000)
    private String runnerIds;
    @Column(name = "price_per_kilo_sample_step_wei", nullable = false, precision = 78, scale = 0)
    private BigInteger pricePerKiloSampleStepWei;
    @Column(nullable = false)
    private long capacity;
    @Column(name = "remaining_capacity", nullable = false)
    private long remainingCapacity;
    @Column(nullable = false, length = 100)
    private String region;
    @Column(name = "valid_from", nullable = false)
    private Instant validFrom;
    @Column(name = "valid_until", nullable = false)
    private Instant validUntil;
    @Column(name = "posted_at", nullable = false)
    private Instant postedAt;
    @Column(nullable = false, unique = true)
    private long sequence;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Version
    private long version;

    /** Most runners in one bid. */
    public static final int MAX_RUNNERS = 100;
    /** Longest bid window from its posting: 366 days. */
    public static final java.time.Duration MAX_WINDOW = java.time.Duration.ofDays(366);

    protected Bid() {
    }

    /** @throws InvalidInputException naming the first bad field */
    public Bid(UUID id, String provider, List<String> runnerIds, BigInteger pricePerKiloSampleStepWei, long capacity,
               String region, Instant validFrom, Instant validUntil, Instant postedAt, long sequence) {
        if (runnerIds == null || runnerIds.isEmpty() || runnerIds.size() > MAX_RUNNERS) {
            throw new InvalidInputException("runnerIds must name 1 to " + MAX_RUNNERS + " of your runners");
        }
        if (pricePerKiloSampleStepWei == null || pricePerKiloSampleStepWei.signum() <= 0
                || pricePerKiloSampleStepWei.bitLength() > 256) {
            throw new InvalidInputException("pricePerKiloSampleStepWei must be a positive integer of wei below 2^256");
        }
        if (capacity <= 0) {
            throw new InvalidInputException("capacitySamplesPerSecond must be positive");
        }
        if (validFrom == null || validUntil == null || !validFrom.isBefore(validUntil)) {
            throw new InvalidInputException("validFrom must be before validUntil");
        }
        if (!validUntil.isAfter(postedAt)) {
            throw new InvalidInputException("validUntil must be in the future");
        }
        if (validUntil.isAfter(postedAt.plus(MAX_WINDOW))) {
            throw new InvalidInputException("validUntil must be at most " + MAX_WINDOW.toDays() + " days ahead");
        }
        this.id = id;
        this.provider = provider;
        this.runnerIds = String.join(",", runnerIds);
        this.pricePerKiloSampleStepWei = pricePerKiloSampleStepWei;
        this.capacity = capacity;
        this.remainingCapacity = capacity;
        this.region = region;
        this.validFrom = validFrom;
        this.validUntil = validUntil;
        this.postedAt = postedAt;
        this.sequence = sequence;
        this.state = State.OPEN;
    }

    /** Takes {@code samplesPerSecond} of the remaining capacity (a fill). */
    public void fill(long samplesPerSecond) {
        if (state != State.OPEN || samplesPerSecond <= 0 || samplesPerSecond > remainingCapacity) {
            throw new IllegalStateException("bid " + id + " cannot fill " + samplesPerSecond + " samples/s (state "
                    + state + ", remaining " + remainingCapacity + ")");
        }
        remainingCapacity -= samplesPerSecond;
        if (remainingCapacity == 0) {
            state = State.FILLED;
        }
    }

    /** @return false if not OPEN */
    public boolean cancel() {
        if (state != State.OPEN) {
            return false;
        }
        state = State.CANCELLED;
        return true;
    }

    /** A runner of the bid is LOST: out of the book. @return false if not OPEN */
    public boolean suspend() {
        if (state != State.OPEN) {
            return false;
        }
        state = State.SUSPENDED;
        return true;
    }

    /** Its runners beat again. @return false if not SUSPENDED */
    public boolean resume() {
        if (state != State.SUSPENDED) {
            return false;
        }
        state = State.OPEN;
        return true;
    }

    /** @return true if it expired now */
    public boolean expire(Instant now) {
        if ((state == State.OPEN || state == State.SUSPENDED) && !validUntil.isAfter(now)) {
            state = State.EXPIRED;
            return true;
        }
        return false;
    }

    public UUID id() {
        return id;
    }

    public String provider() {
        return provider;
    }

    public List<String> runnerIds() {
        return List.of(runnerIds.split(","));
    }

    public BigInteger price() {
        return pricePerKiloSampleStepWei;
    }

    public long remainingCapacity() {
        return remainingCapacity;
    }

    public String region() {
        return region;
    }

    public Instant validFrom() {
        return validFrom;
    }

    public Instant validUntil() {
        return validUntil;
    }

    public Instant postedAt() {
        return postedAt;
    }

    public long sequence() {
        return sequence;
    }

    public State state() {
        return state;
    }

    public BidView toView() {
        return new BidView(id, provider, runnerIds(), pricePerKiloSampleStepWei.toString(), capacity,
                remainingCapacity, region, validFrom, validUntil, postedAt, sequence, state.name());
    }
}
