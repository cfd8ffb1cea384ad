package org.trainex.computemarket.domain.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Money conservation of settlements (issue 5 item 7): lock = payments + data fee + refund, wei for wei. */
class SettlementPlanTest {
    static BigInteger wei(long v) {
        return BigInteger.valueOf(v);
    }

    @Test
    void paysAcceptedWorkAtMatchedPricesTakesTheFeeAndRefundsTheRest() {
        SettlementPlan p = SettlementPlan.of(wei(1_000_000), List.of(
                new SettlementPlan.AcceptedWork("alpha", 3_000, wei(100)),   // 300
                new SettlementPlan.AcceptedWork("beta", 2_500, wei(120)),    // 300
                new SettlementPlan.AcceptedWork("alpha", 1_001, wei(100))),  // floor(100.1) = 100
                wei(700), 1000, true, true);
        assertEquals(List.of(new SettlementPlan.Payment("alpha", 4_001, wei(400), wei(0)),
                new SettlementPlan.Payment("beta", 2_500, wei(300), wei(0))), p.payments());
        assertEquals(wei(70), p.dataFeeWei(), "10 % of the match cost");
        assertEquals(wei(1_000_000 - 700 - 70), p.refundWei());
    }

    @Test
    void theComputeChargeIsCappedAtTheMatchCostFromTheDearestWorkFirst() {
        // the rounds' chunk plans put a few more sample-steps on the dearer provider than the match priced:
        // 300 + 312 = 612 wei of accepted work against a match cost of 600
        List<SettlementPlan.AcceptedWork> work = List.of(
                new SettlementPlan.AcceptedWork("cheap", 3_000, wei(100)),   // 300
                new SettlementPlan.AcceptedWork("dear", 2_600, wei(120)));   // 312
        // the least lock for a cost of 600 at 1000 bps: 660 = 600 + 60; without the cap, 612 + 60 > 660
        SettlementPlan p = SettlementPlan.of(SettlementPlan.minimumLock(wei(600), 1000), work, wei(600), 1000,
                true, true);
        assertEquals(List.of(new SettlementPlan.Payment("cheap", 3_000, wei(300), wei(0)),
                new SettlementPlan.Payment("dear", 2_600, wei(300), wei(12))), p.payments());
        assertEquals(wei(600), p.providersWei());
        assertEquals(wei(60), p.dataFeeWei());
        assertEquals(wei(0), p.refundWei());
        // an excess larger than the dearest provider's payment continues with the next
        SettlementPlan q = SettlementPlan.of(wei(1_000), work, wei(100), 0, true, true);
        assertEquals(List.of(new SettlementPlan.Payment("cheap", 3_000, wei(100), wei(200)),
                new SettlementPlan.Payment("dear", 2_600, wei(0), wei(312))), q.payments());
        assertEquals(wei(900), q.refundWei());
    }

    @Test
    void noDataFeeForAFailedJobOrWithoutRegistryData() {
        List<SettlementPlan.AcceptedWork> w = List.of(new SettlementPlan.AcceptedWork("a", 1000, wei(5)));
        assertEquals(BigInteger.ZERO, SettlementPlan.of(wei(100), w, wei(50), 1000, false, true).dataFeeWei());
        assertEquals(BigInteger.ZERO, SettlementPlan.of(wei(100), w, wei(50), 1000, true, false).dataFeeWei());
        assertEquals(wei(95), SettlementPlan.of(wei(100), w, wei(50), 1000, false, true).refundWei());
    }

    @Test
    void theComputeBudgetLeavesRoomForTheFee() {
        Random rnd = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            BigInteger max = new BigInteger(1 + rnd.nextInt(200), rnd).add(BigInteger.ONE);
            int bps = rnd.nextInt(10_001);
            BigInteger budget = SettlementPlan.computeBudget(max, bps);
            BigInteger fee = budget.multiply(wei(bps)).divide(wei(10_000));
            assertTrue(budget.add(fee).compareTo(max) <= 0, "budget + fee fits in the lock");
        }
    }

    @Test
    void theMinimumLockIsTheLeastLockWhoseBudgetCoversTheCost() {
        assertEquals(wei(6), SettlementPlan.minimumLock(wei(5), 1000), "5 x 1.1 = 5.5, rounded up");
        assertEquals(wei(11), SettlementPlan.minimumLock(wei(10), 1000), "exact");
        assertEquals(wei(0), SettlementPlan.minimumLock(wei(0), 1000));
        Random rnd = new Random(12);
        for (int i = 0; i < 10_000; i++) {
            BigInteger cost = new BigInteger(1 + rnd.nextInt(200), rnd).add(BigInteger.ONE);
            int bps = rnd.nextInt(10_001);
            BigInteger lock = SettlementPlan.minimumLock(cost, bps);
            assertTrue(SettlementPlan.computeBudget(lock, bps).compareTo(cost) >= 0, "the lock covers the cost");
            assertTrue(SettlementPlan.computeBudget(lock.subtract(BigInteger.ONE), bps).compareTo(cost) < 0,
                    "one wei less does not: cost " + cost + ", " + bps + " bps");
        }
        assertThrows(IllegalArgumentException.class, () -> SettlementPlan.minimumLock(wei(-1), 1000));
        assertThrows(IllegalArgumentException.class, () -> SettlementPlan.minimumLock(wei(1), 10_001));
    }

    @Test
    void randomSettlementsConserveMoneyWeiForWei() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 5_000; trial++) {
            BigInteger lock = new BigInteger(1 + rnd.nextInt(120), rnd).add(wei(1_000_000_000L));
            int bps = rnd.nextInt(10_001);
            BigInteger budget = SettlementPlan.computeBudget(lock, bps);
            // a match whose cost fits the budget, and accepted chunks that never cost more than the match
            List<SettlementPlan.AcceptedWork> work = new ArrayList<>();
            BigInteger cost = BigInteger.ZERO;
            for (int i = 0, n = rnd.nextInt(8); i < n; i++) {
                long steps = rnd.nextInt(1_000_000);
                BigInteger price = budget.divide(wei(Math.max(1, steps))).divide(wei(8)).max(BigInteger.ZERO);
                SettlementPlan.AcceptedWork w = new SettlementPlan.AcceptedWork("p" + rnd.nextInt(3), steps, price);
                work.add(w);
                cost = cost.add(SettlementPlan.chunkPayment(steps, price));
            }
            boolean completed = rnd.nextBoolean();
            SettlementPlan p = SettlementPlan.of(lock, work, cost, bps, completed, rnd.nextBoolean());
            assertEquals(lock, p.providersWei().add(p.dataFeeWei()).add(p.refundWei()), "conservation");
            assertEquals(cost, p.providersWei(), "each accepted chunk paid once");
            assertTrue(p.refundWei().signum() >= 0);
            // the chunk plans' rounding may price the accepted work above the match: the lock still holds at the
            // least lock for the match cost, and the compute charge is the match cost
            BigInteger matched = cost.subtract(cost.divide(wei(1 + rnd.nextInt(1000))));
            BigInteger least = SettlementPlan.minimumLock(matched, bps).max(BigInteger.ONE);
            SettlementPlan capped = SettlementPlan.of(least, work, matched, bps, completed, true);
            assertEquals(least, capped.providersWei().add(capped.dataFeeWei()).add(capped.refundWei()));
            assertEquals(matched, capped.providersWei(), "capped at the match cost");
            assertEquals(cost.subtract(matched), capped.payments().stream().map(SettlementPlan.Payment::capWei)
                    .reduce(BigInteger.ZERO, BigInteger::add));
            assertTrue(capped.refundWei().signum() >= 0);
        }
    }

    @Test
    void refusesASettlementThatWouldExceedTheLock() {
        assertThrows(IllegalArgumentException.class, () -> SettlementPlan.of(wei(10),
                List.of(new SettlementPlan.AcceptedWork("a", 1000, wei(11))), wei(11), 0, true, true));
        assertThrows(IllegalArgumentException.class, () -> SettlementPlan.of(wei(0), List.of(), wei(0), 0, true,
                true));
        assertThrows(IllegalArgumentException.class, () -> new SettlementPlan.AcceptedWork("a", -1, wei(1)));
    }
}
