package org.trainex.computemarket.domain.matching;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A matched order: the bids that serve it, in price-time priority, with the capacity, work and cost of each
 * ("matched against the best bid that satisfies all the conditions of the order", DKLabs, seed 002, Section 7.2
 * item 2, extended to several bids when one does not cover the capacity; work split by capacity, item 3; providers
 * paid per use at their own price, DataBright, seed 000, Section 3).
 *
 * <p>Shape and units:
 * <ul>
 *   <li>{@code orderId}: the order;</li>
 *   <li>{@code fills}: one per bid used, in priority order (cheapest first), at least one; only the last may be a
 *       partial fill;</li>
 *   <li>{@code sampleSteps}: the order's work, sample-steps, the sum of the fills' shares;</li>
 *   <li>{@code totalCapacity}: samples/s, the sum of the fills' capacity, equal to the order's required
 *       capacity;</li>
 *   <li>{@code totalCostWei}: wei, the sum of the fills' costs, at most the order's {@code maxPriceWei};</li>
 *   <li>{@code estimatedSeconds}: {@code ceil(sampleSteps / totalCapacity)}, seconds of training at full
 *       capacity;</li>
 *   <li>{@code matchedAt}: the {@code now} the order was matched at;</li>
 *   <li>{@code bookSequence}: see {@link MatchResult#bookSequence()}.</li>
 * </ul>
 *
 * <p>Errors: the constructor throws {@link IllegalArgumentException} naming the field when a field is null or when
 * a total disagrees with the fills, so a stored match that was altered does not load.
 */
public record Match(UUID orderId, List<Fill> fills, long sampleSteps, long totalCapacity, BigInteger totalCostWei,
                    long estimatedSeconds, Instant matchedAt, long bookSequence) implements MatchResult {

    /**
     * Checks the fields and that the totals are those of the fills.
     *
     * @throws IllegalArgumentException naming the first field that is invalid or inconsistent
     */
    public Match {
        Checks.notNull("Match.orderId", orderId);
        Checks.notNull("Match.fills", fills);
        fills = List.copyOf(fills);
        if (fills.isEmpty()) {
            throw new IllegalArgumentException("Match.fills must not be empty");
        }
        Checks.positive("Match.sampleSteps", sampleSteps);
        Checks.positive("Match.totalCapacity", totalCapacity);
        Checks.notNegative("Match.totalCostWei", totalCostWei);
        Checks.notNull("Match.matchedAt", matchedAt);
        Checks.notNegative("Match.bookSequence", bookSequence);
        long steps = 0;
        long capacity = 0;
        BigInteger cost = BigInteger.ZERO;
        for (Fill fill : fills) {
            steps = Math.addExact(steps, fill.sampleSteps());
            capacity = Math.addExact(capacity, fill.capacitySamplesPerSecond());
            cost = cost.add(fill.costWei());
        }
        if (steps != sampleSteps) {
            throw new IllegalArgumentException("Match.sampleSteps " + sampleSteps + " is not the fills' sum " + steps);
        }
        if (capacity != totalCapacity) {
            throw new IllegalArgumentException("Match.totalCapacity " + totalCapacity + " is not the fills' sum "
                    + capacity);
        }
        if (!cost.equals(totalCostWei)) {
            throw new IllegalArgumentException("Match.totalCostWei " + totalCostWei + " is not the fills' sum " + cost);
        }
        long seconds = Checks.ceilDiv(sampleSteps, totalCapacity);
        if (estimatedSeconds != seconds) {
            throw new IllegalArgumentException("Match.estimatedSeconds must be ceil(sampleSteps / totalCapacity) = "
                    + seconds + ", got " + estimatedSeconds);
        }
    }

    /**
     * The match of {@code order} by {@code fills} (from {@link Fill#split}), with the totals computed.
     *
     * @throws IllegalArgumentException if an argument is null or the fills do not carry the order's work
     */
    public static Match of(OrderRequest order, List<Fill> fills, Instant matchedAt, long bookSequence) {
        Checks.notNull("order", order);
        Checks.notNull("fills", fills);
        long capacity = 0;
        BigInteger cost = BigInteger.ZERO;
        for (Fill fill : fills) {
            capacity = Math.addExact(capacity, Checks.notNull("fills[i]", fill).capacitySamplesPerSecond());
            cost = cost.add(fill.costWei());
        }
        long seconds = capacity > 0 ? Checks.ceilDiv(order.sampleSteps(), capacity) : 0;
        return new Match(order.orderId(), fills, order.sampleSteps(), capacity, cost, seconds, matchedAt,
                bookSequence);
    }

    /** Always true. */
    @Override
    public boolean matched() {
        return true;
    }
}
