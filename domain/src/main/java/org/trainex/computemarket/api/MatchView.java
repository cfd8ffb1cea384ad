package org.trainex.computemarket.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order's match.
 *
 * @param sampleSteps      the order's work (samples x epochs)
 * @param totalCapacity    samples/s matched (the order's required capacity)
 * @param totalCostWei     sum of the fills' costs (decimal wei)
 * @param estimatedSeconds ceil(sampleSteps / totalCapacity)
 * @param bookSequence     the order book's sequence at the match (audit: bids up to it were visible)
 * @param fills            in price-time priority
 */
public record MatchView(UUID orderId, long sampleSteps, long totalCapacity, String totalCostWei, long estimatedSeconds,
                        long bookSequence, Instant matchedAt, List<FillView> fills) {
    /**
     * One bid's part: {@code capacity} samples/s of its runners, {@code sampleSteps} of the work at its price
     * (wei per 1,000 sample-steps), costing {@code costWei} = ceil(sampleSteps x price / 1000).
     */
    public record FillView(java.util.UUID bidId, String provider, List<String> runnerIds, long capacity,
                           long sampleSteps, String pricePerKiloSampleStepWei, String costWei) {
    }
}
