package org.trainex.computemarket.domain.matching;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.computemarket.domain.matching.Fixtures.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The largest-remainder split of an order's work over its fills, and the pay-as-bid cost of each share. */
class FillSplitTest {

    private static List<Allocation> allocations(long... capacities) {
        List<Allocation> list = new ArrayList<>();
        for (int i = 0; i < capacities.length; i++) {
            list.add(new Allocation(bid("b" + i, 1000 + i, capacities[i]), capacities[i]));
        }
        return list;
    }

    private static List<Long> shares(long sampleSteps, long... capacities) {
        return Fill.split(sampleSteps, allocations(capacities)).stream().map(Fill::sampleSteps).toList();
    }

    @Test
    void leftoverGoesToLargestRemaindersTiesToTheEarlierFill() {
        assertEquals(List.of(4L, 3L, 3L), shares(10, 1, 1, 1));
        assertEquals(List.of(50L, 33L, 17L), shares(100, 3000, 2000, 1000));
        assertEquals(List.of(1L, 1L, 0L), shares(2, 5, 5, 5), "a fill may get no work when there is too little");
        assertEquals(List.of(7L), shares(7, 123));
    }

    @Test
    void hugeWorkTakesTheExactPath() {
        long steps = 9_000_000_000_000_000_001L;
        assertEquals(List.of(6_300_000_000_000_000_001L, 2_700_000_000_000_000_000L), shares(steps, 7, 3));
        assertEquals(List.of(4_500_000_000_000_000_001L, 4_500_000_000_000_000_000L),
                shares(steps, 4_000_000_000_000_000_000L, 4_000_000_000_000_000_000L));
    }

    @Test
    void randomSplitsSumExactlyAndStayWithinOneOfTheQuota() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 2000; round++) {
            int n = 1 + random.nextInt(8);
            long[] capacities = new long[n];
            long total = 0;
            for (int i = 0; i < n; i++) {
                capacities[i] = 1 + random.nextLong(round % 2 == 0 ? 50 : 2_000_000_000L);
                total += capacities[i];
            }
            long steps = round % 3 == 0 ? 1 + random.nextLong(20) : 1 + random.nextLong(Long.MAX_VALUE / 4);
            List<Fill> fills = Fill.split(steps, allocations(capacities));
            long sum = 0;
            for (int i = 0; i < n; i++) {
                Fill fill = fills.get(i);
                sum += fill.sampleSteps();
                BigInteger exact = BigInteger.valueOf(steps).multiply(BigInteger.valueOf(capacities[i]));
                BigInteger floor = exact.divide(BigInteger.valueOf(total));
                long share = fill.sampleSteps();
                assertTrue(share == floor.longValueExact() || share == floor.longValueExact() + 1,
                        "share " + share + " vs quota floor " + floor);
                assertEquals(Fill.costOf(share, fill.pricePerKiloSampleStepWei()), fill.costWei());
            }
            assertEquals(steps, sum);
        }
    }

    @Test
    void costIsCeilOfSharesTimesPriceOverAThousand() {
        assertEquals(BigInteger.ZERO, Fill.costOf(0, BigInteger.TEN));
        assertEquals(BigInteger.ONE, Fill.costOf(1, BigInteger.ONE));
        assertEquals(BigInteger.ONE, Fill.costOf(1000, BigInteger.ONE));
        assertEquals(BigInteger.TWO, Fill.costOf(1001, BigInteger.ONE));
        assertEquals(new BigInteger("1000000000000000"), Fill.costOf(1, new BigInteger("1000000000000000000")));
        assertEquals(new BigInteger("9223372036854775807000"),
                Fill.costOf(Long.MAX_VALUE, new BigInteger("1000000")));
        assertThrows(IllegalArgumentException.class, () -> Fill.split(0, allocations(1)));
        assertThrows(IllegalArgumentException.class, () -> Fill.split(1, List.of()));
    }
}
