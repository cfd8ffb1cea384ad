package org.trainex.operations.api;

import java.util.List;
import java.util.UUID;
import org.trainex.jobs.protocol.TaskResult;

/**
 * The dispatch probe, an operator's tool that measures the exchange's dispatch throughput end to end: it sends
 * {@code chunks} no-op tasks ({@link org.trainex.jobs.protocol.NoopTask}, untargeted) over the dispatch queue,
 * runners answer each at once with a {@link TaskResult.Kind#NOOP} result, and the probe records every result once
 * and reports chunks/s from its first dispatch to its last recorded result (issue 5 item 8; for reference,
 * BOINC's server dispatches about 8.8 million jobs a day, about 100 jobs/s).
 *
 * <p>Noop tasks are dispatched in batches (one transaction each; setting {@code dispatch-probe.batch}, default
 * 1,000 chunks) by a background dispatcher that keeps at most {@code dispatch-probe.window} (default 5,000)
 * chunks dispatched but not yet answered, so a large probe neither floods the broker nor queues far ahead of real
 * work (noop tasks also carry the lowest JMS priority: real tasks dispatched meanwhile overtake them). A probe
 * interrupted by a restart resumes dispatching within seconds of the next start.
 */
public interface DispatchProbes {
    /** The largest probe, in chunks. */
    int MAX_CHUNKS = 1_000_000;

    /**
     * Creates a probe and starts dispatching its chunks (after this call's transaction commits).
     *
     * @param chunks      noop tasks to dispatch, 1..{@value #MAX_CHUNKS}
     * @param requestedBy the operator (user name), 1..100 characters
     * @return the new probe (nothing dispatched yet)
     * @throws org.trainex.shared.api.InvalidInputException if {@code chunks} is out of range or
     *                                                      {@code requestedBy} is blank or too long
     */
    DispatchProbeView start(int chunks, String requestedBy);

    /**
     * Records a runner's result for a chunk of a probe exactly once: a duplicate (redelivery), a result for an
     * unknown probe or for a task the probe never dispatched changes nothing.
     *
     * @param result a {@link TaskResult.Kind#NOOP} result; its {@code jobId} is the probe id
     * @return true if it was recorded now, false if it was ignored
     * @throws IllegalArgumentException if the result is not a NOOP result
     */
    boolean recordResult(TaskResult result);

    /**
     * Stops dispatching a probe's remaining chunks (those already dispatched stay queued; runners answer them and
     * they are counted). Idempotent.
     *
     * @return the probe
     * @throws org.trainex.shared.api.NotFoundException if there is no such probe
     */
    DispatchProbeView cancel(UUID id);

    /**
     * A probe with its counts and figures so far (latency percentiles once it is completed or cancelled).
     *
     * @throws org.trainex.shared.api.NotFoundException if there is no such probe
     */
    DispatchProbeView get(UUID id);

    /**
     * The newest probes first, without latency figures (see {@link #get(UUID)}).
     *
     * @param limit at most this many, 1..1,000
     * @throws org.trainex.shared.api.InvalidInputException if {@code limit} is out of range
     */
    List<DispatchProbeView> recent(int limit);
}
