package org.trainex.computemarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.trainex.computemarket.api.RunnerView;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.Settings;

/**
 * A provider's gpu-runner as the exchange knows it (DKLabs, seed 002, Section 7.2 item 3: compute is allocated by
 * capacity; issue 5 item 2). It measures its capacity when it joins (samples/s on the reference model, the
 * claim), sends heartbeats, and the exchange spot-checks the claim against the throughput of its training
 * results (observed): a runner that trains at less than half of what it claims is matched by what it showed.
 * ACTIVE while heartbeats arrive, LOST when none came for the lease period.
 *
 * <p>Claims are capped by what the exchange measured (issue 11 item 6; ADR 0012): a claim above {@link #maxClaim()}
 * is refused, and whatever the claim and the runner's own reports say, the runner is matched by at most its
 * ceiling: {@link #unmeasuredCap()} until the exchange's clock has measured a result of it, then the larger of that
 * cap and {@link #MEASURED_SLACK} times the measured throughput (the measurement includes downloads, upload and
 * queueing, hence the slack).
 */
@Entity
@Table(name = "runner", schema = "computemarket")
public class Runner {
    /** Runner states. */
    public enum State { ACTIVE, LOST }

    /** Below this fraction of the claim, the observed throughput replaces it. */
    public static final double SPOT_CHECK_FLOOR = 0.5;
    /** A measured runner is matched by at most this multiple of the exchange-measured throughput (above the cap). */
    public static final double MEASURED_SLACK = 2.0;

    /** Highest claim accepted at registration, samples/s: {@code TRAINEX_RUNNER_MAX_CLAIM}, default 1,000,000. */
    public static long maxClaim() {
        return Settings.getLong("runner.max.claim", 1_000_000L);
    }

    /**
     * Most samples/s a runner is matched by before the exchange has measured it (and the floor of the ceiling
     * after): {@code TRAINEX_RUNNER_UNMEASURED_CAP}, default 50,000.
     */
    public static long unmeasuredCap() {
        return Settings.getLong("runner.unmeasured.cap", 50_000L);
    }

    @Id
    private String id;
    @Column(nullable = false, length = 100)
    private String provider;
    @Column(nullable = false, length = 100)
    private String region;
    @Column(nullable = false, length = 500)
    private String hardware;
    @Column(name = "claimed_capacity", nullable = false)
    private double claimedCapacity;
    @Column(name = "observed_capacity")
    private Double observedCapacity;
    @Column(name = "measured_capacity")
    private Double measuredCapacity;
    @Column(name = "measured_on", nullable = false, length = 200)
    private String measuredOn;
    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;
    @Column(name = "last_heartbeat", nullable = false)
    private Instant lastHeartbeat;
    @Column(nullable = false)
    private boolean busy;
    @Column(name = "current_task")
    private UUID currentTask;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Version
    private long version;

    protected Runner() {
    }

    /** @throws InvalidInputException naming the first bad field */
    public Runner(String id, String provider, String region, String hardware, double claimedCapacity,
                  String measuredOn, Instant now) {
        this.id = text(id, "runner id", 100);
        this.registeredAt = now;
        update(provider, region, hardware, claimedCapacity, measuredOn, now);
    }

    /** A re-registration (restart): new claim and description; the observed figure is kept. */
    public void update(String provider, String region, String hardware, double claimedCapacity, String measuredOn,
                       Instant now) {
        if (!(claimedCapacity > 0) || Double.isInfinite(claimedCapacity)) {
            throw new InvalidInputException("capacitySamplesPerSecond must be a positive number of samples/s");
        }
        if (claimedCapacity > maxClaim()) {
            throw new InvalidInputException("capacitySamplesPerSecond " + claimedCapacity + " is above the "
                    + "exchange's limit of " + maxClaim() + " samples/s (TRAINEX_RUNNER_MAX_CLAIM)");
        }
        this.provider = text(provider, "provider", 100);
        this.region = text(region, "region", 100);
        this.hardware = text(hardware, "hardware", 500);
        this.measuredOn = text(measuredOn == null ? "unspecified" : measuredOn, "measuredOn", 200);
        this.claimedCapacity = claimedCapacity;
        this.lastHeartbeat = now;
        this.state = State.ACTIVE;
    }

    private static String text(String v, String field, int max) {
        if (v == null || v.isBlank() || v.length() > max) {
            throw new InvalidInputException(field + " must have 1 to " + max + " characters");
        }
        return v.strip();
    }

    /** A heartbeat: alive, and whether it works on a task. */
    public void heartbeat(boolean busy, UUID task, Instant now) {
        this.lastHeartbeat = now;
        this.busy = busy;
        this.currentTask = busy ? task : null;
        this.state = State.ACTIVE;
    }

    /** Marks the runner LOST when its last heartbeat is older than {@code lease}. @return true if it changed */
    public boolean expire(Instant now, Duration lease) {
        if (state == State.ACTIVE && lastHeartbeat.plus(lease).isBefore(now)) {
            state = State.LOST;
            busy = false;
            return true;
        }
        return false;
    }

    /**
     * Spot check: records the throughput a training result showed (samples/s), as an exponential moving average
     * (weight 0.5 to the newest).
     */
    public void observed(double samplesPerSecond) {
        if (samplesPerSecond > 0 && Double.isFinite(samplesPerSecond)) {
            observedCapacity = observedCapacity == null ? samplesPerSecond
                    : 0.5 * observedCapacity + 0.5 * samplesPerSecond;
        }
    }

    /**
     * The exchange's own measurement of a result (samples/s: sample-steps over the seconds from the task's first
     * blob download to its recorded result), as an exponential moving average (weight 0.5 to the newest).
     */
    public void measured(double samplesPerSecond) {
        if (samplesPerSecond > 0 && Double.isFinite(samplesPerSecond)) {
            measuredCapacity = measuredCapacity == null ? samplesPerSecond
                    : 0.5 * measuredCapacity + 0.5 * samplesPerSecond;
        }
    }

    /** The most samples/s the runner is matched by, whatever it claims (see the class comment). */
    public double ceiling() {
        long cap = unmeasuredCap();
        return measuredCapacity == null ? cap : Math.max(cap, MEASURED_SLACK * measuredCapacity);
    }

    /**
     * Capacity the exchange matches with, samples/s: the claim, or the observation if below half the claim, and at
     * most {@link #ceiling()}.
     */
    public long effectiveCapacity() {
        double c = observedCapacity != null && observedCapacity < SPOT_CHECK_FLOOR * claimedCapacity
                ? observedCapacity : claimedCapacity;
        return Math.max(1, (long) Math.floor(Math.min(c, ceiling())));
    }

    public String id() {
        return id;
    }

    public String provider() {
        return provider;
    }

    public String region() {
        return region;
    }

    /** When its last heartbeat (or registration) arrived. */
    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    public State state() {
        return state;
    }

    public RunnerView toView() {
        return new RunnerView(id, provider, region, hardware, claimedCapacity, observedCapacity, measuredCapacity,
                effectiveCapacity(),
                measuredOn, registeredAt, lastHeartbeat, busy, currentTask, state.name());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Runner r && Objects.equals(id, r.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
