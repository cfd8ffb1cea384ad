package org.trainex.operations.application;

import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.operations.api.DispatchProbeView;
import org.trainex.operations.api.DispatchProbes;
import org.trainex.operations.domain.DispatchProbe;
import org.trainex.operations.domain.DispatchProbeRepository;
import org.trainex.jobs.protocol.NoopTask;
import org.trainex.jobs.protocol.Task;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;
import org.trainex.shared.api.Settings;
import org.trainex.shared.api.TaskDispatcher;

/**
 * The dispatch probe ({@link DispatchProbes}): creates probes, dispatches their noop tasks batch by batch (driven
 * by {@link DispatchProbeScheduler}, one transaction per batch: the tasks, the batch row and the probe's progress
 * commit together), and records results exactly once (an insert that does nothing for a chunk that already has a
 * result, so redelivered results and duplicates count once).
 *
 * <p>Settings ({@link Settings}): {@code dispatch-probe.batch} (chunks per dispatch transaction, default
 * {@value #DEFAULT_BATCH}), {@code dispatch-probe.window} (most chunks dispatched but not yet answered, default
 * {@value #DEFAULT_WINDOW}; at least one batch).
 */
@Stateless
@Local(DispatchProbes.class)
@LocalBean
public class DispatchProbeService implements DispatchProbes {
    private static final Logger LOG = Logger.getLogger(DispatchProbeService.class.getName());
    static final int DEFAULT_BATCH = 1_000;
    static final int DEFAULT_WINDOW = 5_000;

    @Inject
    DispatchProbeRepository probes;
    @Inject
    TaskDispatcher dispatcher;
    @Inject
    DispatchProbeScheduler scheduler;

    /** What one call of {@link #dispatchNextBatch} did. */
    public enum Step {
        /** A batch was dispatched; call again. */
        DISPATCHED,
        /** The window is full: wait for results, then call again. */
        WINDOW_FULL,
        /** Every chunk is dispatched (or the probe is gone). */
        DONE
    }

    @Override
    public DispatchProbeView start(int chunks, String requestedBy) {
        DispatchProbe probe = new DispatchProbe(UUID.randomUUID(), chunks, batchSize(), requestedBy, Instant.now());
        probes.add(probe);
        scheduler.dispatchAfterCommit(probe.id());
        LOG.info(() -> "dispatch probe " + probe.id() + " of " + chunks + " noop chunk(s) started by " + requestedBy
                + " (batches of " + probe.batchSize() + ", window " + window() + ")");
        return view(probe, new DispatchProbeRepository.Stats(0, 0, null, Map.of(), null, null));
    }

    /**
     * Dispatches the probe's next batch in a transaction of its own, unless the probe is fully dispatched or
     * {@code dispatch-probe.window} chunks already await their results.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Step dispatchNextBatch(UUID probeId) {
        DispatchProbe probe = probes.lock(probeId).orElse(null);
        if (probe == null || probe.dispatchEnded()) {
            return Step.DONE;
        }
        // at most `window` chunks out without a result (at least one batch, or nothing could ever be dispatched)
        long window = Math.max(window(), probe.batchSize());
        int next = probe.nextBatch().orElseThrow().count();
        if (probe.dispatched() - probes.completed(probeId) + next > window) {
            return Step.WINDOW_FULL;
        }
        Instant now = Instant.now();
        DispatchProbe.Batch batch = probe.dispatchedBatch(now);
        List<Task> tasks = new ArrayList<>(batch.count());
        for (int seq = batch.firstSeq(); seq < batch.firstSeq() + batch.count(); seq++) {
            tasks.add(new NoopTask(probe.taskId(seq), probe.id()));
        }
        dispatcher.dispatchAll(tasks);
        probes.addBatch(probe.id(), batch, now);
        if (probe.fullyDispatched()) {
            LOG.info(() -> "dispatch probe " + probe.id() + ": all " + probe.chunks() + " chunk(s) dispatched in "
                    + seconds(probe.firstDispatchAt(), probe.lastDispatchAt()) + " s");
        }
        return Step.DISPATCHED;
    }

    /** Probes with chunks still to dispatch (after a restart), oldest first. */
    public List<UUID> unfinished() {
        return probes.unfinished(100);
    }

    @Override
    public boolean recordResult(TaskResult r) {
        if (r.kind() != TaskResult.Kind.NOOP) {
            throw new IllegalArgumentException("a dispatch probe records NOOP results, not " + r.kind());
        }
        UUID probeId = r.jobId();
        // the task id names the chunk (DispatchProbe#taskId); the insert also checks that the probe exists and
        // dispatched that chunk
        OptionalInt chunk = DispatchProbe.seqOf(probeId, r.taskId(), MAX_CHUNKS);
        if (chunk.isEmpty()) {
            LOG.warning(() -> "NOOP result of task " + r.taskId() + " is not a chunk of dispatch probe " + probeId
                    + ": ignored");
            return false;
        }
        int seq = chunk.getAsInt();
        boolean recorded = probes.recordResult(probeId, seq, r.taskId(), r.runnerId(),
                r.status() == TaskResult.Status.SUCCEEDED, Instant.now());
        if (!recorded) {
            LOG.fine(() -> "NOOP result of task " + r.taskId() + " (probe " + probeId + ", chunk " + seq
                    + "): duplicate, or not a dispatched chunk of a probe; ignored");
        } else if (r.status() == TaskResult.Status.FAILED) {
            LOG.warning(() -> "runner " + r.runnerId() + " failed noop task " + r.taskId() + ": " + r.error());
        }
        return recorded;
    }

    @Override
    public DispatchProbeView cancel(UUID id) {
        if (id == null) {
            throw new InvalidInputException("a probe id is required");
        }
        DispatchProbe probe = probes.lock(id).orElseThrow(() -> new NotFoundException("no dispatch probe " + id));
        if (probe.cancelledAt() == null) {
            probe.cancel(Instant.now());
            LOG.info(() -> "dispatch probe " + id + " cancelled after " + probe.dispatched() + " of " + probe.chunks()
                    + " chunk(s) dispatched");
        }
        return view(probe, probes.stats(id, false));
    }

    @Override
    public DispatchProbeView get(UUID id) {
        if (id == null) {
            throw new InvalidInputException("a probe id is required");
        }
        DispatchProbe probe = probes.find(id).orElseThrow(() -> new NotFoundException("no dispatch probe " + id));
        DispatchProbeRepository.Stats stats = probes.stats(id, false);
        if (stats.completed() >= probe.chunks() || probe.cancelledAt() != null) {
            // percentiles sort every result: only once the figures are final, not at every poll of a running probe
            stats = probes.stats(id, true);
        }
        return view(probe, stats);
    }

    @Override
    public List<DispatchProbeView> recent(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException("limit must be between 1 and 1000, got " + limit);
        }
        return probes.recent(limit).stream().map(p -> view(p, probes.stats(p.id(), false))).toList();
    }

    static DispatchProbeView view(DispatchProbe p, DispatchProbeRepository.Stats s) {
        String state = s.completed() >= p.chunks() ? DispatchProbeView.COMPLETED
                : p.cancelledAt() != null ? DispatchProbeView.CANCELLED
                : !p.fullyDispatched() ? DispatchProbeView.DISPATCHING : DispatchProbeView.RUNNING;
        Double dispatchSeconds = p.firstDispatchAt() == null ? null : seconds(p.firstDispatchAt(), p.lastDispatchAt());
        Double seconds = p.firstDispatchAt() == null || s.lastResultAt() == null ? null
                : seconds(p.firstDispatchAt(), s.lastResultAt());
        Double rate = seconds == null || seconds <= 0 ? null : s.completed() / seconds;
        return new DispatchProbeView(p.id(), state, p.chunks(), p.batchSize(), p.requestedBy(), p.startedAt(),
                p.dispatched(), s.completed(), s.failed(), s.perRunner(), p.firstDispatchAt(), p.lastDispatchAt(),
                s.lastResultAt(), p.cancelledAt(), dispatchSeconds, seconds, rate, s.latencyP50Seconds(),
                s.latencyP99Seconds());
    }

    /** Seconds from {@code a} to {@code b} (microsecond precision, as PostgreSQL stores instants); 0 if b is before. */
    static double seconds(Instant a, Instant b) {
        long micros = Duration.between(a, b).toNanos() / 1_000;
        return Math.max(0, micros) / 1e6;
    }

    static int batchSize() {
        return (int) Math.min(DispatchProbes.MAX_CHUNKS, Settings.getLong("dispatch-probe.batch", DEFAULT_BATCH));
    }

    static long window() {
        return Settings.getLong("dispatch-probe.window", DEFAULT_WINDOW);
    }
}
