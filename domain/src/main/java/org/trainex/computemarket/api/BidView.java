package org.trainex.computemarket.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A bid as clients see it.
 *
 * @param pricePerKiloSampleStepWei wei per 1,000 sample-steps (decimal)
 * @param capacity                  samples/s offered
 * @param remainingCapacity         samples/s not yet matched
 * @param sequence                  the book's sequence number (time priority among equal prices and times)
 * @param state                     OPEN, FILLED, CANCELLED or EXPIRED
 */
public record BidView(UUID id, String provider, List<String> runnerIds, String pricePerKiloSampleStepWei,
                      long capacity, long remainingCapacity, String region, Instant validFrom, Instant validUntil,
                      Instant postedAt, long sequence, String state) {
}
