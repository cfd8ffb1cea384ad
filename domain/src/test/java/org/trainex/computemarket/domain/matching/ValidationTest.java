package org.trainex.computemarket.domain.matching;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.computemarket.domain.matching.Fixtures.*;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad bids, orders and records are rejected with an IllegalArgumentException naming the field. */
class ValidationTest {
    private static final UUID ID = id("x");
    private static final List<String> RUNNERS = List.of("r1");
    private static final BigInteger ONE = BigInteger.ONE;
    private static final Instant FROM = T0;
    private static final Instant UNTIL = T0.plusSeconds(60);

    private static void rejects(String field, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(field), () -> "message should name " + field + ": " + e.getMessage());
    }

    @Test
    void badBidsNameTheField() {
        rejects("Bid.id", () -> new Bid(null, "p", RUNNERS, ONE, 1, "eu", FROM, UNTIL, FROM));
        rejects("Bid.providerId", () -> new Bid(ID, " ", RUNNERS, ONE, 1, "eu", FROM, UNTIL, FROM));
        rejects("Bid.providerId", () -> new Bid(ID, null, RUNNERS, ONE, 1, "eu", FROM, UNTIL, FROM));
        rejects("Bid.runnerIds", () -> new Bid(ID, "p", List.of(), ONE, 1, "eu", FROM, UNTIL, FROM));
        rejects("Bid.runnerIds", () -> new Bid(ID, "p", null, ONE, 1, "eu", FROM, UNTIL, FROM));
        rejects("Bid.runnerIds", () -> new Bid(ID, "p", List.of("r", "r"), ONE, 1, "eu", FROM, UNTIL, FROM));
        rejects("Bid.runnerIds", () -> new Bid(ID, "p", Arrays.asList("r", null), ONE, 1, "eu", FROM, UNTIL, FROM));
        rejects("Bid.pricePerKiloSampleStepWei",
                () -> new Bid(ID, "p", RUNNERS, BigInteger.ZERO, 1, "eu", FROM, UNTIL, FROM));
        rejects("Bid.pricePerKiloSampleStepWei",
                () -> new Bid(ID, "p", RUNNERS, BigInteger.valueOf(-5), 1, "eu", FROM, UNTIL, FROM));
        rejects("Bid.pricePerKiloSampleStepWei", () -> new Bid(ID, "p", RUNNERS, null, 1, "eu", FROM, UNTIL, FROM));
        rejects("Bid.capacitySamplesPerSecond", () -> new Bid(ID, "p", RUNNERS, ONE, 0, "eu", FROM, UNTIL, FROM));
        rejects("Bid.region", () -> new Bid(ID, "p", RUNNERS, ONE, 1, "", FROM, UNTIL, FROM));
        rejects("Bid.validFrom", () -> new Bid(ID, "p", RUNNERS, ONE, 1, "eu", null, UNTIL, FROM));
        rejects("Bid.validUntil", () -> new Bid(ID, "p", RUNNERS, ONE, 1, "eu", FROM, null, FROM));
        rejects("Bid.validUntil", () -> new Bid(ID, "p", RUNNERS, ONE, 1, "eu", FROM, FROM, FROM));
        rejects("Bid.validUntil", () -> new Bid(ID, "p", RUNNERS, ONE, 1, "eu", UNTIL, FROM, FROM));
        rejects("Bid.postedAt", () -> new Bid(ID, "p", RUNNERS, ONE, 1, "eu", FROM, UNTIL, null));
        rejects("Bid.sequence", () -> new Bid(ID, "p", RUNNERS, ONE, 1, "eu", FROM, UNTIL, FROM, -1));
    }

    @Test
    void bidCopiesItsRunners() {
        List<String> runners = new java.util.ArrayList<>(List.of("r1"));
        Bid bid = new Bid(ID, "p", runners, ONE, 1, "eu", FROM, UNTIL, FROM);
        runners.add("r2");
        assertEquals(List.of("r1"), bid.runnerIds());
        assertTrue(bid.isValidAt(FROM));
        assertFalse(bid.isValidAt(UNTIL));
        assertFalse(bid.isValidAt(FROM.minusNanos(1)));
    }

    @Test
    void badOrdersNameTheField() {
        BigInteger max = BigInteger.TEN;
        rejects("OrderRequest.orderId", () -> new OrderRequest(null, 1, 1, 1, max, Set.of()));
        rejects("OrderRequest.sampleSteps", () -> new OrderRequest(ID, 0, 1, 1, max, Set.of()));
        rejects("OrderRequest.minCapacitySamplesPerSecond", () -> new OrderRequest(ID, 1, -1, 1, max, Set.of()));
        rejects("OrderRequest.maxDurationSeconds", () -> new OrderRequest(ID, 1, 1, 0, max, Set.of()));
        rejects("OrderRequest.maxPriceWei", () -> new OrderRequest(ID, 1, 1, 1, BigInteger.ZERO, Set.of()));
        rejects("OrderRequest.maxPriceWei", () -> new OrderRequest(ID, 1, 1, 1, null, Set.of()));
        rejects("OrderRequest.regions", () -> new OrderRequest(ID, 1, 1, 1, max, null));
        rejects("OrderRequest.regions", () -> new OrderRequest(ID, 1, 1, 1, max, Set.of(" ")));
    }

    @Test
    void orderRegionsAreSortedAndRequiredCapacityDoesNotOverflow() {
        OrderRequest order = new OrderRequest(ID, Long.MAX_VALUE, 1, 2, BigInteger.TEN, Set.of("us", "eu", "ap"));
        assertEquals(List.of("ap", "eu", "us"), List.copyOf(order.regions()));
        assertEquals(Long.MAX_VALUE / 2 + 1, order.requiredCapacitySamplesPerSecond());
        assertTrue(order.allowsRegion("eu"));
        assertFalse(order.allowsRegion("mars"));
    }

    @Test
    void fillsAndMatchesCheckTheirArithmetic() {
        BigInteger three = BigInteger.valueOf(3);
        rejects("Fill.costWei", () -> new Fill(ID, "p", RUNNERS, 10, 1001, three, three));
        assertEquals(BigInteger.valueOf(4), new Fill(ID, "p", RUNNERS, 10, 1001, three, BigInteger.valueOf(4)).costWei());
        rejects("Fill.capacitySamplesPerSecond", () -> new Fill(ID, "p", RUNNERS, 0, 1, three, three));
        rejects("Fill.sampleSteps", () -> new Fill(ID, "p", RUNNERS, 1, -1, three, three));
        Fill fill = new Fill(ID, "p", RUNNERS, 10, 1000, three, three);
        rejects("Match.fills", () -> new Match(ID, List.of(), 1000, 10, three, 100, T0, 0));
        rejects("Match.sampleSteps", () -> new Match(ID, List.of(fill), 999, 10, three, 100, T0, 0));
        rejects("Match.totalCapacity", () -> new Match(ID, List.of(fill), 1000, 11, three, 91, T0, 0));
        rejects("Match.totalCostWei", () -> new Match(ID, List.of(fill), 1000, 10, BigInteger.TWO, 100, T0, 0));
        rejects("Match.estimatedSeconds", () -> new Match(ID, List.of(fill), 1000, 10, three, 99, T0, 0));
        rejects("Match.matchedAt", () -> new Match(ID, List.of(fill), 1000, 10, three, 100, null, 0));
        rejects("Allocation.capacitySamplesPerSecond", () -> new Allocation(bid("a", 1, 10), 11));
        rejects("Allocation.capacitySamplesPerSecond", () -> new Allocation(bid("a", 1, 10), 0));
        rejects("RestingBid.remainingCapacity", () -> new RestingBid(bid("a", 1, 10), 0));
        rejects("NoMatch.costWei", () -> new NoMatch(ID, NoMatch.Reason.INSUFFICIENT_CAPACITY, 10, 5, ONE, ONE, "m",
                T0, 0));
        rejects("NoMatch.costWei", () -> new NoMatch(ID, NoMatch.Reason.PRICE_EXCEEDED, 10, 10, null, ONE, "m",
                T0, 0));
    }
}
