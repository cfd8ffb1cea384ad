package org.trainex.datamarket.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits a data fee pro rata to the samples used of each registry entry (DataBright, seed 000, Section 2:
 * contributors are paid a dividend whenever their data is used; issue 4 item 5). Exact in wei: each line gets
 * {@code floor(fee * samples / totalSamples)}, and the remainder (fewer wei than lines) goes one wei at a time to
 * the lines with the largest fractional parts, ties to the earlier line (largest remainder method), so the
 * dividends always sum to the fee.
 */
public final class DividendSplit {
    private DividendSplit() {
    }

    /**
     * @param feeWei  the data fee, &gt; 0
     * @param samples samples used per line, each &gt; 0
     * @return wei per line, same order; sums to {@code feeWei}
     * @throws IllegalArgumentException if the fee is not positive, no line is given, or a count is not positive
     */
    public static List<BigInteger> split(BigInteger feeWei, List<Long> samples) {
        if (feeWei.signum() <= 0) {
            throw new IllegalArgumentException("the data fee must be positive");
        }
        if (samples.isEmpty() || samples.stream().anyMatch(s -> s == null || s <= 0)) {
            throw new IllegalArgumentException("every usage line needs a positive sample count");
        }
        BigInteger total = samples.stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
        List<BigInteger> shares = new ArrayList<>();
        List<BigInteger> remainders = new ArrayList<>();
        BigInteger paid = BigInteger.ZERO;
        for (long s : samples) {
            BigInteger[] qr = feeWei.multiply(BigInteger.valueOf(s)).divideAndRemainder(total);
            shares.add(qr[0]);
            remainders.add(qr[1]);
            paid = paid.add(qr[0]);
        }
        int left = feeWei.subtract(paid).intValueExact();
        List<Integer> order = IntStream.range(0, samples.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> remainders.get(i)).reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
        for (int k = 0; k < left; k++) {
            int i = order.get(k);
            shares.set(i, shares.get(i).add(BigInteger.ONE));
        }
        return shares;
    }
}
