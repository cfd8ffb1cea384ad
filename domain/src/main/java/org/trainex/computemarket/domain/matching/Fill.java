package org.trainex.computemarket.domain.matching;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One bid's part in a {@link Match}: the capacity allocated from the bid, the work it receives and what it costs.
 * The work is split by the runners' capacity ("splits the work into chunks of different sizes based on the size of
 * the workers", DKLabs, seed 002, Section 7.2 item 3); the provider is paid at its own bid price (pay-as-bid) when
 * the work is used (DataBright, seed 000, Section 3).
 *
 * <p>Shape and units:
 * <ul>
 *   <li>{@code bidId}, {@code providerId}, {@code runnerIds}: copied from the bid;</li>
 *   <li>{@code capacitySamplesPerSecond}: samples/s allocated from the bid, {@code > 0}; less than the bid's
 *       capacity for a partial fill;</li>
 *   <li>{@code sampleSteps}: the work share in sample-steps, {@code >= 0} (0 only when the order has fewer
 *       sample-steps than fills);</li>
 *   <li>{@code pricePerKiloSampleStepWei}: the bid's price, wei per 1,000 sample-steps;</li>
 *   <li>{@code costWei}: {@code ceil(sampleSteps x pricePerKiloSampleStepWei / 1000)}, exact wei, rounded up so the
 *       provider is never paid less than its price.</li>
 * </ul>
 *
 * <p>Errors: the constructor throws {@link IllegalArgumentException} naming the field when a field is null or out
 * of range, or when {@code costWei} is not the cost of {@code sampleSteps} at the price.
 */
public record Fill(UUID bidId, String providerId, List<String> runnerIds, long capacitySamplesPerSecond,
                   long sampleSteps, BigInteger pricePerKiloSampleStepWei, BigInteger costWei) {

    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

    /**
     * Checks every field and that {@code costWei} equals {@link #costOf(long, BigInteger)}.
     *
     * @throws IllegalArgumentException naming the first field that is invalid
     */
    public Fill {
        Checks.notNull("Fill.bidId", bidId);
        Checks.notBlank("Fill.providerId", providerId);
        runnerIds = Checks.distinctNames("Fill.runnerIds", runnerIds, true);
        Checks.positive("Fill.capacitySamplesPerSecond", capacitySamplesPerSecond);
        Checks.notNegative("Fill.sampleSteps", sampleSteps);
        Checks.positive("Fill.pricePerKiloSampleStepWei", pricePerKiloSampleStepWei);
        Checks.notNegative("Fill.costWei", costWei);
        BigInteger expected = costOf(sampleSteps, pricePerKiloSampleStepWei);
        if (!costWei.equals(expected)) {
            throw new IllegalArgumentException("Fill.costWei must be ceil(sampleSteps x price / 1000) = " + expected
                    + " wei, got " + costWei);
        }
    }

    /**
     * The cost of {@code sampleSteps} sample-steps at {@code pricePerKiloSampleStepWei} wei per 1,000 sample-steps:
     * {@code ceil(sampleSteps x price / 1000)} wei, exact.
     *
     * @throws IllegalArgumentException if {@code sampleSteps} is negative or the price is null or not positive
     */
    public static BigInteger costOf(long sampleSteps, BigInteger pricePerKiloSampleStepWei) {
        Checks.notNegative("sampleSteps", sampleSteps);
        Checks.positive("pricePerKiloSampleStepWei", pricePerKiloSampleStepWei);
        return Checks.ceilDiv(BigInteger.valueOf(sampleSteps).multiply(pricePerKiloSampleStepWei), THOUSAND);
    }

    /**
     * Splits an order's {@code sampleSteps} over its allocations in proportion to the allocated capacity and prices
     * each share at its bid's price. Largest-remainder method: each fill first gets
     * {@code floor(sampleSteps x capacity_i / totalCapacity)}; the sample-steps left over (fewer than the number of
     * fills) go one each to the fills with the largest remainders {@code (sampleSteps x capacity_i) mod
     * totalCapacity}, ties to the earlier fill. The shares are integers and sum exactly to {@code sampleSteps}.
     *
     * @param sampleSteps the order's work, sample-steps, {@code > 0}
     * @param allocations the capacity taken from each bid, in priority order, at least one
     * @return one fill per allocation, in the same order
     * @throws IllegalArgumentException if {@code sampleSteps} is not positive, {@code allocations} is null or empty,
     *     or the total capacity overflows a long
     */
    public static List<Fill> split(long sampleSteps, List<Allocation> allocations) {
        Checks.positive("sampleSteps", sampleSteps);
        Checks.notNull("allocations", allocations);
        int n = allocations.size();
        if (n == 0) {
            throw new IllegalArgumentException("allocations must not be empty");
        }
        long total = 0;
        for (Allocation allocation : allocations) {
            Checks.notNull("allocations[i]", allocation);
            try {
                total = Math.addExact(total, allocation.capacitySamplesPerSecond());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the allocations' total capacity overflows a long", e);
            }
        }
        long[] shares = new long[n];
        long[] remainders = new long[n];
        long assigned = 0;
        for (int i = 0; i < n; i++) {
            long capacity = allocations.get(i).capacitySamplesPerSecond();
            long high = Math.multiplyHigh(sampleSteps, capacity);
            long low = sampleSteps * capacity;
            if (high == 0 && low >= 0) {
                shares[i] = low / total;
                remainders[i] = low % total;
            } else {
                BigInteger[] qr = BigInteger.valueOf(sampleSteps).multiply(BigInteger.valueOf(capacity))
                        .divideAndRemainder(BigInteger.valueOf(total));
                shares[i] = qr[0].longValueExact();
                remainders[i] = qr[1].longValueExact();
            }
            assigned += shares[i];
        }
        long left = sampleSteps - assigned;
        if (left > 0) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> remainders[a] != remainders[b]
                    ? Long.compare(remainders[b], remainders[a]) : Integer.compare(a, b));
            for (int k = 0; k < left; k++) {
                shares[order[k]]++;
            }
        }
        List<Fill> fills = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Bid bid = allocations.get(i).bid();
            BigInteger price = bid.pricePerKiloSampleStepWei();
            fills.add(new Fill(bid.id(), bid.providerId(), bid.runnerIds(), allocations.get(i).capacitySamplesPerSecond(),
                    shares[i], price, costOf(shares[i], price)));
        }
        return List.copyOf(fills);
    }
}
