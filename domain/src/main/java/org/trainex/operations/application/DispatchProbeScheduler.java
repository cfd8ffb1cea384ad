package org.trainex.operations.application;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives the dispatch of probes ({@link DispatchProbeService}): one batch per transaction, back to back, pausing
 * while the probe's window of unanswered chunks is full. A probe starts as soon as the transaction that created it
 * commits (a single-action timer created in that transaction); every {@value #RESUME_SECONDS} s a tick resumes
 * probes left unfinished, e.g. by a restart or by runners that were away for longer than
 * {@value #IDLE_LIMIT_SECONDS} s. At most one thread drives a probe at a time (and the probe row lock makes a
 * second one harmless anyway).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DispatchProbeScheduler {
    private static final Logger LOG = Logger.getLogger(DispatchProbeScheduler.class.getName());
    static final int RESUME_SECONDS = 5;
    /** A driver that waited this long for results lets go; the resume tick takes the probe up again. */
    static final int IDLE_LIMIT_SECONDS = 60;

    @Inject
    DispatchProbeService service;
    @Resource
    TimerService timers;

    private final Set<UUID> driving = ConcurrentHashMap.newKeySet();
    /** Probes whose dispatch failed: logged once with the id, resumed with a back-off (issue 11 item 4). */
    final org.trainex.shared.api.FailingItems failing = new org.trainex.shared.api.FailingItems(LOG,
            "dispatch of probe");
    private volatile boolean stopping;

    /**
     * Starts dispatching probe {@code probeId} once the caller's transaction commits (EJB timers created in a
     * transaction exist only if it commits).
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void dispatchAfterCommit(UUID probeId) {
        timers.createSingleActionTimer(1, new TimerConfig(probeId, false));
    }

    @Timeout
    void started(Timer timer) {
        drive((UUID) timer.getInfo());
    }

    @Schedule(hour = "*", minute = "*", second = "*/" + RESUME_SECONDS, persistent = false,
            info = "resume unfinished dispatch probes")
    void resume() {
        try {
            for (UUID id : service.unfinished()) {
                if (!driving.contains(id) && failing.due(id, java.time.Instant.now())) {
                    LOG.info(() -> "resuming the dispatch of probe " + id);
                    drive(id);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "resuming dispatch probes failed; retrying at the next tick", e);
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
    }

    /** Dispatches the probe's batches until all are out, the server stops, or runners stay silent too long. */
    void drive(UUID probeId) {
        if (!driving.add(probeId)) {
            return;
        }
        try {
            long waitMillis = 0;
            long idleSince = 0;
            while (!stopping) {
                DispatchProbeService.Step step;
                try {
                    step = service.dispatchNextBatch(probeId);
                    failing.succeeded(probeId);
                } catch (RuntimeException e) {
                    failing.failed(probeId, e, java.time.Instant.now());
                    return;
                }
                if (step == DispatchProbeService.Step.DONE) {
                    return;
                }
                if (step == DispatchProbeService.Step.DISPATCHED) {
                    waitMillis = 0;
                    idleSince = 0;
                    continue;
                }
                // WINDOW_FULL: wait for results, backing off from 5 ms to 200 ms
                long now = System.nanoTime();
                if (idleSince == 0) {
                    idleSince = now;
                } else if (now - idleSince > TimeUnit.SECONDS.toNanos(IDLE_LIMIT_SECONDS)) {
                    LOG.info(() -> "dispatch probe " + probeId + ": no results for " + IDLE_LIMIT_SECONDS
                            + " s (are runners up?); dispatch resumes at a later tick");
                    return;
                }
                waitMillis = Math.min(200, Math.max(5, waitMillis * 2));
                Thread.sleep(waitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            driving.remove(probeId);
        }
    }
}
