package org.trainex.datamarket.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DividendSplitTest {
    @Test
    void splitsProRataWithTheRemainderToTheLargestFractions() {
        // 100 wei over 1:1:1 -> 33.33 each; the one leftover wei goes to the first line (tie, earlier wins)
        assertEquals(List.of(BigInteger.valueOf(34), BigInteger.valueOf(33), BigInteger.valueOf(33)),
                DividendSplit.split(BigInteger.valueOf(100), List.of(1L, 1L, 1L)));
        // 10 wei over 3:7:11 -> 1.43, 3.33, 5.24: floors 1+3+5 = 9, the leftover wei to the largest fraction (0.43)
        assertEquals(List.of(BigInteger.valueOf(2), BigInteger.valueOf(3), BigInteger.valueOf(5)),
                DividendSplit.split(BigInteger.TEN, List.of(3L, 7L, 11L)));
    }

    @Test
    void dividendsSumToTheFeeWeiForWei() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            BigInteger fee = new BigInteger(1 + random.nextInt(100), random).add(BigInteger.ONE);
            List<Long> samples = new ArrayList<>();
            int lines = 1 + random.nextInt(12);
            for (int i = 0; i < lines; i++) {
                samples.add(1L + random.nextInt(60_000));
            }
            List<BigInteger> split = DividendSplit.split(fee, samples);
            assertEquals(fee, split.stream().reduce(BigInteger.ZERO, BigInteger::add), "fee " + fee + " " + samples);
            BigInteger total = BigInteger.valueOf(samples.stream().mapToLong(Long::longValue).sum());
            for (int i = 0; i < lines; i++) {
                BigInteger exactFloor = fee.multiply(BigInteger.valueOf(samples.get(i))).divide(total);
                BigInteger diff = split.get(i).subtract(exactFloor);
                assertEquals(true, diff.signum() >= 0 && diff.compareTo(BigInteger.ONE) <= 0, "line " + i);
            }
        }
    }

    @Test
    void refusesNonPositiveFeesAndCounts() {
        assertThrows(IllegalArgumentException.class, () -> DividendSplit.split(BigInteger.ZERO, List.of(1L)));
        assertThrows(IllegalArgumentException.class, () -> DividendSplit.split(BigInteger.ONE, List.of()));
        assertThrows(IllegalArgumentException.class, () -> DividendSplit.split(BigInteger.ONE, List.of(5L, 0L)));
    }
}
