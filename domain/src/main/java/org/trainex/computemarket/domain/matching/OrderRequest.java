package org.trainex.computemarket.domain.matching;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What the matching engine needs from a consumer's training order: its work and its conditions ("the amount of GPU
 * power, training time, the price they are willing to pay ... geolocation", DKLabs, seed 002, Section 7.2 item 1).
 *
 * <p>Shape and units:
 * <ul>
 *   <li>{@code orderId}: the training order's id;</li>
 *   <li>{@code sampleSteps}: the job's total work in sample-steps (samples x epochs), {@code > 0};</li>
 *   <li>{@code minCapacitySamplesPerSecond}: the least capacity the consumer accepts, samples/s, {@code > 0};</li>
 *   <li>{@code maxDurationSeconds}: the longest the training may take, seconds, {@code > 0}; it raises the required
 *       capacity to {@code ceil(sampleSteps / maxDurationSeconds)} when that is more than the minimum;</li>
 *   <li>{@code maxPriceWei}: the most the consumer pays for the compute of the whole job, wei, {@code > 0};</li>
 *   <li>{@code regions}: the regions the runners may be in; empty means any region. Stored sorted, so that
 *       messages and audit records list them in a stable order.</li>
 * </ul>
 *
 * <p>Errors: the constructor throws {@link IllegalArgumentException} naming the field, when a field is null, not positive, or
 *     a region is null or blank
 */
public record OrderRequest(UUID orderId, long sampleSteps, long minCapacitySamplesPerSecond, long maxDurationSeconds,
                           BigInteger maxPriceWei, Set<String> regions) {

    /**
     * Checks every field (see the type's description) and copies {@code regions} into an immutable sorted set.
     *
     * @throws IllegalArgumentException naming the first field that is invalid
     */
    public OrderRequest {
        Checks.notNull("OrderRequest.orderId", orderId);
        Checks.positive("OrderRequest.sampleSteps", sampleSteps);
        Checks.positive("OrderRequest.minCapacitySamplesPerSecond", minCapacitySamplesPerSecond);
        Checks.positive("OrderRequest.maxDurationSeconds", maxDurationSeconds);
        Checks.positive("OrderRequest.maxPriceWei", maxPriceWei);
        Checks.notNull("OrderRequest.regions", regions);
        SortedSet<String> sorted = new TreeSet<>();
        for (String region : regions) {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("OrderRequest.regions must not contain a null or blank region");
            }
            sorted.add(region);
        }
        regions = Collections.unmodifiableSortedSet(sorted);
    }

    /**
     * The capacity the order needs, samples/s: {@code max(minCapacitySamplesPerSecond,
     * ceil(sampleSteps / maxDurationSeconds))}, so that the work fits in the maximum duration.
     */
    public long requiredCapacitySamplesPerSecond() {
        return Math.max(minCapacitySamplesPerSecond, Checks.ceilDiv(sampleSteps, maxDurationSeconds));
    }

    /** Whether a bid in {@code region} may serve this order: the allow-list is empty or contains it. */
    public boolean allowsRegion(String region) {
        return regions.isEmpty() || regions.contains(region);
    }
}
