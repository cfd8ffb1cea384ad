package org.trainex.computemarket.api;

import java.time.Instant;
import java.util.UUID;

/**
 * A runner as clients see it.
 *
 * @param claimedCapacity   samples/s the runner measured on the reference model when it joined
 * @param observedCapacity  samples/s its training results reported (moving average), null before any
 * @param measuredCapacity  samples/s the exchange's own clock measured on its results (moving average; sample-steps
 *                          over the time from the task's first blob download to its recorded result), null before any
 * @param effectiveCapacity samples/s the exchange matches with: the claim, or the observation if below half of it,
 *                          and never more than the ceiling (the unmeasured cap, or twice the measured figure if that
 *                          is higher; issue 11 item 6)
 * @param busy              whether its last heartbeat reported a running task
 * @param state             ACTIVE, or LOST when heartbeats stopped for the lease period
 */
public record RunnerView(String id, String provider, String region, String hardware, double claimedCapacity,
                         Double observedCapacity, Double measuredCapacity,
                         long effectiveCapacity, String measuredOn, Instant registeredAt,
                         Instant lastHeartbeat, boolean busy, UUID currentTask, String state) {
}
