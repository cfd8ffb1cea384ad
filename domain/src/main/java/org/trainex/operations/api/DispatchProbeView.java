package org.trainex.operations.api;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A dispatch probe ({@link DispatchProbes}) as the operator sees it. Counts are chunks (noop tasks); instants are
 * UTC, taken by the exchange's clock when the dispatching transaction, or the transaction recording a result, ran
 * (each commits a few milliseconds later); durations are seconds; rates are chunks per second.
 *
 * @param id                the probe id (the {@code jobId} of its noop tasks and their results)
 * @param state             DISPATCHING while chunks remain to be dispatched, RUNNING while results are missing,
 *                          COMPLETED when every chunk has a result, CANCELLED when dispatching was stopped
 *                          before every chunk had a result
 * @param chunks            chunks requested
 * @param batchSize         chunks dispatched per transaction
 * @param requestedBy       the operator who started it
 * @param startedAt         when it was created
 * @param dispatched        chunks dispatched (committed to the dispatch queue)
 * @param completed         chunks with a recorded result (each counted once), {@code failed} included
 * @param failed            results with status FAILED (a runner could not even answer a noop)
 * @param perRunner         completed chunks per runner id, sorted by runner id
 * @param firstDispatchAt   when its first batch was dispatched, null before
 * @param lastDispatchAt    when its last batch so far was dispatched, null before
 * @param lastResultAt      when its last result so far was recorded, null before any
 * @param cancelledAt       when it was cancelled, null if it was not
 * @param dispatchSeconds   first to last dispatch, s (0 with one batch), null before the first
 * @param seconds           first dispatch to last recorded result, s, null before any result
 * @param chunksPerSecond   {@code completed / seconds}, the end-to-end dispatch throughput, null before any result
 *                          (or if {@code seconds} is 0)
 * @param latencyP50Seconds median time from a chunk's dispatch (its batch's) to its recorded result, s; includes
 *                          the time the chunk waited in the queue behind the probe's own earlier chunks (up to
 *                          {@code dispatch-probe.window} of them); null until the probe is COMPLETED or CANCELLED,
 *                          and in lists
 * @param latencyP99Seconds the 99th percentile of the same, s
 */
public record DispatchProbeView(UUID id, String state, int chunks, int batchSize, String requestedBy,
                                Instant startedAt, int dispatched, long completed, long failed,
                                Map<String, Long> perRunner, Instant firstDispatchAt, Instant lastDispatchAt,
                                Instant lastResultAt, Instant cancelledAt, Double dispatchSeconds, Double seconds,
                                Double chunksPerSecond, Double latencyP50Seconds, Double latencyP99Seconds) {
    /** Probe states. */
    public static final String DISPATCHING = "DISPATCHING";
    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String CANCELLED = "CANCELLED";
}
