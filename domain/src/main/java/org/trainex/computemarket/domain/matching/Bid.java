package org.trainex.computemarket.domain.matching;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A provider's bid in the compute market's order book: "a certain amount of compute at a specific price" (DKLabs,
 * seed 002, Section 7.2 item 2), offered by the runners of the provider's cluster (item 3) and paid when they are
 * used to train a model (DataBright, seed 000, Section 3).
 *
 * <p>Shape and units:
 * <ul>
 *   <li>{@code id}: the bid's id;</li>
 *   <li>{@code providerId}: the provider (account name or wallet) that posted it and is paid for the work;</li>
 *   <li>{@code runnerIds}: the gpu-runners that will do the work, at least one, distinct;</li>
 *   <li>{@code pricePerKiloSampleStepWei}: wei per 1,000 sample-steps, {@code > 0}; a sample-step is one sample
 *       passed forward and backward once;</li>
 *   <li>{@code capacitySamplesPerSecond}: samples/s the runners sustain together on the exchange's reference model,
 *       {@code > 0};</li>
 *   <li>{@code region}: where the runners are, e.g. {@code "eu-west"} (orders may restrict regions: the
 *       "geolocation" condition of item 1);</li>
 *   <li>{@code validFrom}, {@code validUntil}: the half-open window {@code [validFrom, validUntil)} in which the
 *       bid may be matched, {@code validFrom < validUntil};</li>
 *   <li>{@code postedAt}: when the provider posted it, the time of its time priority;</li>
 *   <li>{@code sequence}: assigned by the {@link OrderBook} on submission, strictly increasing within a book, the
 *       final tie-break of price-time priority; {@code 0} means not yet assigned (a bid is submitted with 0).</li>
 * </ul>
 *
 * <p>Errors: the constructor throws {@link IllegalArgumentException} naming the field, when a field is null, blank, not
 *     positive, or when {@code validFrom} is not before {@code validUntil}
 */
public record Bid(UUID id, String providerId, List<String> runnerIds, BigInteger pricePerKiloSampleStepWei,
                  long capacitySamplesPerSecond, String region, Instant validFrom, Instant validUntil,
                  Instant postedAt, long sequence) {

    /**
     * Checks every field (see the type's description) and copies {@code runnerIds} into an immutable list.
     *
     * @throws IllegalArgumentException naming the first field that is invalid
     */
    public Bid {
        Checks.notNull("Bid.id", id);
        Checks.notBlank("Bid.providerId", providerId);
        runnerIds = Checks.distinctNames("Bid.runnerIds", runnerIds, true);
        Checks.positive("Bid.pricePerKiloSampleStepWei", pricePerKiloSampleStepWei);
        Checks.positive("Bid.capacitySamplesPerSecond", capacitySamplesPerSecond);
        Checks.notBlank("Bid.region", region);
        Checks.notNull("Bid.validFrom", validFrom);
        Checks.notNull("Bid.validUntil", validUntil);
        if (!validFrom.isBefore(validUntil)) {
            throw new IllegalArgumentException("Bid.validUntil must be after Bid.validFrom, got validFrom "
                    + validFrom + ", validUntil " + validUntil);
        }
        Checks.notNull("Bid.postedAt", postedAt);
        Checks.notNegative("Bid.sequence", sequence);
    }

    /**
     * A bid as a provider submits it: sequence 0, to be assigned by {@link OrderBook#add(Bid, Instant)}.
     *
     * @throws IllegalArgumentException naming the first field that is invalid
     */
    public Bid(UUID id, String providerId, List<String> runnerIds, BigInteger pricePerKiloSampleStepWei,
               long capacitySamplesPerSecond, String region, Instant validFrom, Instant validUntil, Instant postedAt) {
        this(id, providerId, runnerIds, pricePerKiloSampleStepWei, capacitySamplesPerSecond, region, validFrom,
                validUntil, postedAt, 0);
    }

    /**
     * This bid with another sequence number (the book uses it on submission).
     *
     * @throws IllegalArgumentException if {@code newSequence} is negative
     */
    public Bid withSequence(long newSequence) {
        return new Bid(id, providerId, runnerIds, pricePerKiloSampleStepWei, capacitySamplesPerSecond, region,
                validFrom, validUntil, postedAt, newSequence);
    }

    /**
     * Whether the bid may be matched at {@code now}: {@code validFrom <= now < validUntil}.
     *
     * @throws IllegalArgumentException if {@code now} is null
     */
    public boolean isValidAt(Instant now) {
        Checks.notNull("now", now);
        return !now.isBefore(validFrom) && now.isBefore(validUntil);
    }
}
