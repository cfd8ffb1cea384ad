package org.trainex.computemarket.domain.matching;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An order the book could not match, with the precise reason. Price-time priority is the rule (DKLabs, seed 002,
 * Section 7.2 item 2): when the cheapest bids that cover the required capacity cost more than the order's maximum
 * price, no other combination is tried. A failed match changes nothing in the book.
 *
 * <p>Shape and units:
 * <ul>
 *   <li>{@code orderId}: the order;</li>
 *   <li>{@code reason}: {@link Reason#INSUFFICIENT_CAPACITY} or {@link Reason#PRICE_EXCEEDED};</li>
 *   <li>{@code requiredCapacity}: samples/s the order needs
 *       ({@link OrderRequest#requiredCapacitySamplesPerSecond()});</li>
 *   <li>{@code offeredCapacity}: samples/s: for INSUFFICIENT_CAPACITY, all the capacity of the bids valid at
 *       {@code attemptedAt} in the allowed regions (less than required); for PRICE_EXCEEDED, the required capacity
 *       (which the cheapest bids cover);</li>
 *   <li>{@code costWei}: for PRICE_EXCEEDED, what the cheapest covering bids would cost, wei (more than
 *       {@code maxPriceWei}); null for INSUFFICIENT_CAPACITY;</li>
 *   <li>{@code maxPriceWei}: the order's maximum price, wei;</li>
 *   <li>{@code message}: the reason in words, with the figures, e.g. "the bids valid now in regions [eu-west]
 *       offer 1200 samples/s, the order needs 5000 samples/s ...";</li>
 *   <li>{@code attemptedAt}: the {@code now} of the attempt; {@code bookSequence}: see
 *       {@link MatchResult#bookSequence()}.</li>
 * </ul>
 *
 * <p>Errors: the constructor throws {@link IllegalArgumentException} naming the field when a field is null (other
 * than {@code costWei} for INSUFFICIENT_CAPACITY) or out of range.
 */
public record NoMatch(UUID orderId, Reason reason, long requiredCapacity, long offeredCapacity, BigInteger costWei,
                      BigInteger maxPriceWei, String message, Instant attemptedAt, long bookSequence)
        implements MatchResult {

    /** Why an order was not matched. */
    public enum Reason {
        /** The bids valid now in the allowed regions offer less capacity than the order needs. */
        INSUFFICIENT_CAPACITY,
        /** The cheapest bids covering the required capacity cost more than the order's maximum price. */
        PRICE_EXCEEDED
    }

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException naming the first field that is invalid
     */
    public NoMatch {
        Checks.notNull("NoMatch.orderId", orderId);
        Checks.notNull("NoMatch.reason", reason);
        Checks.positive("NoMatch.requiredCapacity", requiredCapacity);
        Checks.notNegative("NoMatch.offeredCapacity", offeredCapacity);
        if (reason == Reason.PRICE_EXCEEDED) {
            Checks.notNegative("NoMatch.costWei", costWei);
        } else if (costWei != null) {
            throw new IllegalArgumentException("NoMatch.costWei must be null for " + reason);
        }
        Checks.positive("NoMatch.maxPriceWei", maxPriceWei);
        Checks.notBlank("NoMatch.message", message);
        Checks.notNull("NoMatch.attemptedAt", attemptedAt);
        Checks.notNegative("NoMatch.bookSequence", bookSequence);
    }

    /**
     * The bids valid at {@code attemptedAt} in the order's regions offer only {@code offeredCapacity} samples/s.
     *
     * @throws IllegalArgumentException if an argument is null or out of range
     */
    public static NoMatch insufficientCapacity(OrderRequest order, long offeredCapacity, Instant attemptedAt,
                                               long bookSequence) {
        Checks.notNull("order", order);
        String message = "the bids valid now in " + regions(order.regions()) + " offer " + offeredCapacity
                + " samples/s, the order needs " + needs(order);
        return new NoMatch(order.orderId(), Reason.INSUFFICIENT_CAPACITY, order.requiredCapacitySamplesPerSecond(),
                offeredCapacity, null, order.maxPriceWei(), message, attemptedAt, bookSequence);
    }

    /**
     * The cheapest bids covering the order's required capacity cost {@code costWei}, more than its maximum price.
     *
     * @throws IllegalArgumentException if an argument is null or out of range
     */
    public static NoMatch priceExceeded(OrderRequest order, BigInteger costWei, Instant attemptedAt,
                                        long bookSequence) {
        Checks.notNull("order", order);
        long required = order.requiredCapacitySamplesPerSecond();
        String message = "the cheapest bids covering " + required + " samples/s in " + regions(order.regions())
                + " cost " + costWei + " wei, above maxPriceWei " + order.maxPriceWei();
        return new NoMatch(order.orderId(), Reason.PRICE_EXCEEDED, required, required, costWei, order.maxPriceWei(),
                message, attemptedAt, bookSequence);
    }

    private static String needs(OrderRequest order) {
        long byDuration = Checks.ceilDiv(order.sampleSteps(), order.maxDurationSeconds());
        return order.requiredCapacitySamplesPerSecond() + " samples/s (max of minCapacitySamplesPerSecond "
                + order.minCapacitySamplesPerSecond() + " and ceil(sampleSteps " + order.sampleSteps()
                + " / maxDurationSeconds " + order.maxDurationSeconds() + ") = " + byDuration + ")";
    }

    private static String regions(Set<String> regions) {
        return regions.isEmpty() ? "any region" : "regions " + regions;
    }

    /** Always false. */
    @Override
    public boolean matched() {
        return false;
    }
}
