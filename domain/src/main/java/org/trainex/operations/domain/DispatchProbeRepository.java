package org.trainex.operations.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Dispatch probes, their batches and their results ({@code operations.dispatch_probe},
 * {@code dispatch_probe_batch}, {@code dispatch_probe_result}).
 */
public interface DispatchProbeRepository {
    void add(DispatchProbe probe);

    Optional<DispatchProbe> find(UUID id);

    /** The probe with its row locked until the transaction ends (one dispatcher at a time). */
    Optional<DispatchProbe> lock(UUID id);

    /** The newest probes first. */
    List<DispatchProbe> recent(int limit);

    /** Ids of probes with chunks still to dispatch (not cancelled), oldest first. */
    List<UUID> unfinished(int limit);

    /** Records that batch {@code batch} of probe {@code probeId} was dispatched at {@code at}. */
    void addBatch(UUID probeId, DispatchProbe.Batch batch, Instant at);

    /**
     * Records the result of chunk {@code seq} once: inserts the row unless the chunk already has one, and only if
     * the probe exists and has dispatched chunk {@code seq}. One statement, no lock on the probe row.
     *
     * @return true if the row was inserted, false if it was a duplicate or not a dispatched chunk of a probe
     */
    boolean recordResult(UUID probeId, int seq, UUID taskId, String runnerId, boolean succeeded, Instant at);

    /** Results recorded for a probe (each chunk once). */
    long completed(UUID probeId);

    /** Result counts of a probe. */
    Stats stats(UUID probeId, boolean withLatency);

    /**
     * What the results of one probe say.
     *
     * @param completed         chunks with a result
     * @param failed            of which FAILED
     * @param lastResultAt      the latest result's recording time, null if none
     * @param perRunner         chunks per runner id, sorted by runner id
     * @param latencyP50Seconds median of (recorded at - the chunk's batch dispatched at), s; null if none or not
     *                          asked for
     * @param latencyP99Seconds 99th percentile of the same, s
     */
    record Stats(long completed, long failed, Instant lastResultAt, Map<String, Long> perRunner,
                 Double latencyP50Seconds, Double latencyP99Seconds) {
    }
}
