package org.trainex.computemarket.application;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.trainex.computemarket.api.MatchView;
import org.trainex.computemarket.domain.FederatedRepository;
import org.trainex.computemarket.domain.ProviderRepository;
import org.trainex.computemarket.domain.Runner;
import org.trainex.computemarket.domain.TrainingChunk;
import org.trainex.computemarket.domain.TrainingJob;
import org.trainex.computemarket.domain.TrainingJobRepository;
import org.trainex.computemarket.domain.TrainingOrder;
import org.trainex.computemarket.domain.TrainingOrderRepository;
import org.trainex.computemarket.domain.TrainingRound;

/**
 * Watches the leases of a FedAvg job's chunk attempts: each attempt holds a lease of
 * {@code TRAINEX_CHUNK_LEASE_SECONDS} (default 15) renewed by its runner's heartbeats and progress reports; when it
 * runs out (the runner died) the slot is re-dispatched as a new attempt to the live matched runner with the least
 * outstanding work ({@link #dispatchDue()}), at most {@link #MAX_ATTEMPTS} attempts per slot. An attempt that finds
 * no live matched runner waits; if none returns within the order's maximum duration (from the job's start) the job
 * fails ({@link JobOutcomes}).
 */
@Stateless
@LocalBean
public class LeaseSupervisor {
    private static final Logger LOG = Logger.getLogger(LeaseSupervisor.class.getName());
    /** Attempts per slot before the job fails (crashes and failed results together). */
    static final int MAX_ATTEMPTS = 5;

    @Inject
    FederatedRepository federated;
    @Inject
    TrainingJobRepository jobs;
    @Inject
    TrainingOrderRepository orders;
    @Inject
    ProviderRepository providers;
    @Inject
    SettlementService settlement;
    @Inject
    RoundPlanner planner;
    @Inject
    JobOutcomes outcomes;

    /** A runner's heartbeat renews the leases of its attempts. */
    public void heartbeat(String runnerId, Instant now) {
        federated.renewLeases(runnerId, now.plus(RoundPlanner.lease()));
    }

    /**
     * Re-dispatches attempts whose lease ran out, and assigns PENDING attempts, to live matched runners.
     *
     * @return attempts dispatched
     */
    public int dispatchDue() {
        int dispatched = 0;
        for (DueChunk d : dueChunks()) {
            if (dispatchDue(d)) {
                dispatched++;
            }
        }
        return dispatched;
    }

    /** A due chunk attempt: its job and task ids. */
    public record DueChunk(UUID jobId, UUID taskId) {
    }

    /** The chunk attempts that are due now (lease expired, or pending), at most 100. */
    public List<DueChunk> dueChunks() {
        return federated.due(Instant.now(), 100).stream().map(c -> new DueChunk(c.jobId(), c.taskId())).toList();
    }

    /**
     * Re-dispatches or assigns one due chunk attempt (its own transaction when called through the bean).
     *
     * @return true if a task was dispatched
     */
    public boolean dispatchDue(DueChunk due) {
        Instant now = Instant.now();
        int dispatched = 0;
        {
            // lock order as for results: job, then chunk
            TrainingJob job = jobs.findForUpdate(due.jobId()).orElseThrow();
            TrainingChunk c = federated.lockChunk(due.taskId()).orElse(null);
            if (c == null) {
                return false;
            }
            if (!c.leaseExpired(now) && c.state() != TrainingChunk.State.PENDING) {
                return false; // a result or heartbeat got there first
            }
            if (job.ended()) {
                if (c.state() == TrainingChunk.State.LEASED) {
                    c.expire(now);
                }
                return false;
            }
            TrainingOrder order = orders.find(job.orderId()).orElseThrow();
            if (c.state() == TrainingChunk.State.LEASED) {
                c.expire(now);
                LOG.warning(() -> "job " + job.id() + " round " + c.round() + " slot " + c.slot() + ": lease of "
                        + "runner " + c.runnerId() + " expired (attempt " + c.attempt() + "); re-dispatching");
                if (retry(job, order, c, now)) {
                    dispatched++;
                }
            } else if (order.maxDurationSeconds() != null
                    && job.createdAt().plusSeconds(order.maxDurationSeconds()).isBefore(now)) {
                outcomes.fail(job, "round " + c.round() + " slot " + c.slot() + " found no live matched runner within "
                        + "the order's maximum duration of " + order.maxDurationSeconds() + " s", now);
            } else if (assign(job, order, c, Set.of(), now, false)) {
                dispatched++;
            }
        }
        return dispatched > 0;
    }

    /**
     * A new attempt of {@code previous}'s slot, on another runner if one is live; the job fails after
     * {@link #MAX_ATTEMPTS}.
     *
     * @return true if the new attempt was dispatched
     */
    public boolean retry(TrainingJob job, TrainingOrder order, TrainingChunk previous, Instant now) {
        if (previous.attempt() >= MAX_ATTEMPTS) {
            outcomes.fail(job, "round " + previous.round() + " slot " + previous.slot() + " failed "
                    + previous.attempt() + " times; last runner " + previous.runnerId(), now);
            return false;
        }
        TrainingChunk next = previous.retry(UUID.randomUUID());
        federated.add(next);
        Set<String> avoid = new HashSet<>();
        if (previous.runnerId() != null) {
            avoid.add(previous.runnerId());
        }
        return assign(job, order, next, avoid, now, true);
    }

    /**
     * Leases a PENDING attempt to the live matched runner with the least outstanding work in its round.
     *
     * @param report whether to log that it must wait (once, when the attempt is created; not at every tick)
     */
    private boolean assign(TrainingJob job, TrainingOrder order, TrainingChunk c, Set<String> avoid, Instant now,
                           boolean report) {
        MatchView match = settlement.matchOf(order.id());
        Map<String, Long> outstanding = new HashMap<>();
        for (TrainingChunk other : federated.chunks(job.id(), c.round())) {
            if (other.state() == TrainingChunk.State.LEASED && other.runnerId() != null) {
                outstanding.merge(other.runnerId(), (long) other.sampleCount(), Long::sum);
            }
        }
        List<Runner> candidates = match.fills().stream().flatMap(f -> f.runnerIds().stream()).distinct()
                .filter(id -> !avoid.contains(id)).map(providers::runner).flatMap(Optional::stream)
                .filter(r -> RoundPlanner.live(r, now)).sorted(Comparator
                        .comparingLong((Runner r) -> outstanding.getOrDefault(r.id(), 0L))
                        .thenComparing(Comparator.comparingLong(Runner::effectiveCapacity).reversed())
                        .thenComparing(Runner::id)).toList();
        if (candidates.isEmpty()) {
            if (report) {
                LOG.warning(() -> "job " + job.id() + " round " + c.round() + " slot " + c.slot() + ": no live "
                        + "matched runner; the attempt waits (at most the order's maximum duration)");
            }
            return false;
        }
        Runner target = candidates.get(0);
        TrainingRound round = federated.lockRound(job.id(), c.round()).orElseThrow();
        planner.lease(c, target, order, round.initialModelCid(), now);
        LOG.info(() -> "job " + job.id() + " round " + c.round() + " slot " + c.slot() + " attempt " + c.attempt()
                + " dispatched to " + target.id());
        return true;
    }
}
