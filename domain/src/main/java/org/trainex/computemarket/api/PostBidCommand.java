package org.trainex.computemarket.api;

import java.time.Instant;
import java.util.List;

/**
 * A provider's bid.
 *
 * @param runnerIds                 the provider's ACTIVE runners that will do the work
 * @param pricePerKiloSampleStepWei wei per 1,000 sample-steps, a positive decimal integer string
 * @param capacitySamplesPerSecond  samples/s offered; default and maximum: the runners' effective capacity
 * @param region                    default: the runners' region (they must share one)
 * @param validFrom                 default now
 * @param validUntil                required, in the future
 */
public record PostBidCommand(List<String> runnerIds, String pricePerKiloSampleStepWei, Long capacitySamplesPerSecond,
                             String region, Instant validFrom, Instant validUntil) {
}
