package org.trainex.computemarket.domain.matching;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.computemarket.domain.matching.Fixtures.*;

import java.math.BigInteger;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderBookTest {
    private static final long BIG = 1_000_000_000_000_000_000L;
    private final OrderBook book = new OrderBook();

    @Test
    void cheapestBidWins() {
        book.add(bid("a", 300, 1000), T0);
        book.add(bid("b", 100, 1000), T0);
        book.add(bid("c", 200, 1000), T0);

        assertEquals(List.of(id("b")), bidIds(matched(book.match(order("o1", 10_000, 1000, BIG), T0))));
        assertEquals(List.of(id("c")), bidIds(matched(book.match(order("o2", 10_000, 1000, BIG), T0))));
        assertEquals(List.of(id("a")), bidIds(matched(book.match(order("o3", 10_000, 1000, BIG), T0))));
        assertEquals(0, book.size());
    }

    @Test
    void earlierPostedBidWinsOnEqualPrice() {
        book.add(bid("late", 100, 1000, "eu-west", 10), T0);
        book.add(bid("early", 100, 1000, "eu-west", 5), T0);

        Match match = matched(book.match(order("o", 10_000, 1500, BIG), T0));
        assertEquals(List.of(id("early"), id("late")), bidIds(match));
        assertEquals(List.of(1000L, 500L), match.fills().stream().map(Fill::capacitySamplesPerSecond).toList());
    }

    @Test
    void sequenceBreaksTiesOfPriceAndPostedAt() {
        Bid first = book.add(bid("first", 100, 1000), T0);
        Bid second = book.add(bid("second", 100, 1000), T0);
        assertEquals(1, first.sequence());
        assertEquals(2, second.sequence());
        assertEquals(2, book.sequence());

        Match match = matched(book.match(order("o", 10_000, 1000, BIG), T0));
        assertEquals(List.of(id("first")), bidIds(match));
        assertEquals(2, match.bookSequence());
    }

    @Test
    void lastBidIsPartiallyFilledAndItsRemainderServesTheNextOrder() {
        book.add(bid("a", 100, 1000), T0);
        book.add(bid("b", 200, 1000), T0);

        Match first = matched(book.match(order("o1", 15_000, 1500, BIG), T0));
        assertEquals(List.of(id("a"), id("b")), bidIds(first));
        assertEquals(List.of(1000L, 500L), first.fills().stream().map(Fill::capacitySamplesPerSecond).toList());
        assertEquals(1500, first.totalCapacity());
        assertEquals(OptionalLong.empty(), book.remainingCapacity(id("a")), "a fully used bid leaves the book");
        assertEquals(OptionalLong.of(500), book.remainingCapacity(id("b")));
        assertEquals(1, book.size());

        Match second = matched(book.match(order("o2", 4_000, 400, BIG), T0));
        assertEquals(List.of(id("b")), bidIds(second));
        assertEquals(400, second.fills().get(0).capacitySamplesPerSecond());
        assertEquals(OptionalLong.of(100), book.remainingCapacity(id("b")));
        assertEquals(List.of(new RestingBid(bid("b", 200, 1000).withSequence(2), 100)), book.restingBids());
    }

    @Test
    void severalBidsCoverWhatOneDoesNot() {
        book.add(bid("a", 100, 2000), T0);
        book.add(bid("b", 110, 3000), T0);
        book.add(bid("c", 120, 4000), T0);
        book.add(bid("d", 130, 5000), T0);

        Match match = matched(book.match(order("o", 9_000_000, 8000, BIG), T0));
        assertEquals(List.of(id("a"), id("b"), id("c")), bidIds(match));
        assertEquals(List.of(2000L, 3000L, 3000L), match.fills().stream().map(Fill::capacitySamplesPerSecond).toList());
        assertEquals(List.of(2_250_000L, 3_375_000L, 3_375_000L),
                match.fills().stream().map(Fill::sampleSteps).toList());
        // 2,250,000 x 100 / 1000 + 3,375,000 x 110 / 1000 + 3,375,000 x 120 / 1000
        assertEquals(BigInteger.valueOf(225_000 + 371_250 + 405_000), match.totalCostWei());
        assertEquals(8000, match.totalCapacity());
        assertEquals(1125, match.estimatedSeconds());
        assertEquals(OptionalLong.of(1000), book.remainingCapacity(id("c")));
        assertEquals(OptionalLong.of(5000), book.remainingCapacity(id("d")));
        assertEquals("provider-a", match.fills().get(0).providerId());
        assertEquals(List.of("runner-a-1", "runner-a-2"), match.fills().get(0).runnerIds());
        assertEquals(BigInteger.valueOf(100), match.fills().get(0).pricePerKiloSampleStepWei());
    }

    @Test
    void regionAllowListRestrictsBidsAndSeveralRegionsMergeByPriority() {
        book.add(bid("ap", 50, 1000, "ap-south", 0), T0);
        book.add(bid("eu1", 100, 1000, "eu-west", 0), T0);
        book.add(bid("us1", 150, 1000, "us-east", 0), T0);
        book.add(bid("eu2", 200, 1000, "eu-west", 0), T0);
        book.add(bid("us2", 250, 1000, "us-east", 0), T0);

        assertEquals(List.of(id("us1")), bidIds(matched(book.match(order("o1", 1000, 1000, BIG, "us-east"), T0))));
        assertEquals(List.of(id("eu1"), id("eu2"), id("us2")),
                bidIds(matched(book.match(order("o2", 1000, 3000, BIG, "us-east", "eu-west"), T0))));
        assertEquals(List.of(id("ap")), bidIds(matched(book.match(order("o3", 1000, 1000, BIG), T0))),
                "an empty allow-list allows any region");

        NoMatch none = unmatched(book.match(order("o4", 1000, 1000, BIG, "mars"), T0));
        assertEquals(NoMatch.Reason.INSUFFICIENT_CAPACITY, none.reason());
        assertEquals(0, none.offeredCapacity());
        assertTrue(none.message().startsWith("the bids valid now in regions [mars] offer 0 samples/s"), none.message());
    }

    @Test
    void bidsOutsideTheirValidityWindowAreSkipped() {
        book.add(window("future", 10, 1000, T0.plusSeconds(100), T0.plusSeconds(1000)), T0);
        book.add(window("expiring", 20, 1000, T0.minusSeconds(100), T0.plusSeconds(50)), T0);
        book.add(window("current", 30, 5000, T0.minusSeconds(100), T0.plusSeconds(5000)), T0);

        assertEquals(List.of(id("expiring")), bidIds(matched(book.match(order("o1", 1000, 500, BIG), T0))),
                "a bid not yet valid is skipped");
        assertEquals(List.of(id("current")),
                bidIds(matched(book.match(order("o2", 1000, 500, BIG), T0.plusSeconds(50)))),
                "a bid is not valid at its validUntil");
        assertEquals(OptionalLong.empty(), book.remainingCapacity(id("expiring")),
                "an expired bid met by a successful match is removed");
        assertEquals(List.of(id("future")),
                bidIds(matched(book.match(order("o3", 1000, 500, BIG), T0.plusSeconds(100)))),
                "valid from validFrom on");
    }

    @Test
    void expireRemovesBidsPastValidUntil() {
        book.add(window("a", 10, 1000, T0.minusSeconds(100), T0.plusSeconds(50)), T0);
        book.add(window("b", 10, 1000, T0.minusSeconds(100), T0.plusSeconds(60)), T0);
        book.add(window("c", 10, 1000, T0.minusSeconds(100), T0.plusSeconds(70)), T0);

        assertEquals(List.of(), book.expire(T0.plusSeconds(49)));
        List<Bid> expired = book.expire(T0.plusSeconds(60));
        assertEquals(List.of(id("a"), id("b")), expired.stream().map(Bid::id).toList());
        assertEquals(1, book.size());
        assertEquals(OptionalLong.of(1000), book.remainingCapacity(id("c")));
    }

    @Test
    void addRejectsExpiredAndDuplicateBidsAndBidsWithASequence() {
        Bid expired = window("x", 10, 1000, T0.minusSeconds(100), T0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> book.add(expired, T0));
        assertTrue(e.getMessage().contains("Bid.validUntil"), e.getMessage());

        book.add(bid("a", 10, 1000), T0);
        e = assertThrows(IllegalArgumentException.class, () -> book.add(bid("a", 20, 500), T0));
        assertTrue(e.getMessage().contains("Bid.id"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> book.add(bid("b", 10, 1000).withSequence(7), T0));
        assertTrue(e.getMessage().contains("Bid.sequence"), e.getMessage());
        assertEquals(1, book.size());
        assertEquals(1, book.sequence(), "a rejected bid takes no sequence number");
    }

    @Test
    void timeMayNotGoBackwards() {
        book.add(bid("a", 10, 1000), T0.plusSeconds(10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> book.match(order("o", 1000, 100, BIG), T0));
        assertTrue(e.getMessage().contains("time may not go backwards"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> book.expire(T0));
        assertThrows(IllegalArgumentException.class, () -> book.add(bid("b", 10, 1000), T0));
        assertEquals(T0.plusSeconds(10), book.time());
    }

    @Test
    void cancelSaysWhetherTheBidWasThere() {
        book.add(bid("a", 10, 1000), T0);
        assertTrue(book.cancel(id("a")));
        assertFalse(book.cancel(id("a")));
        assertFalse(book.cancel(UUID.randomUUID()));
        assertEquals(0, book.size());
        assertEquals(OptionalLong.empty(), book.remainingCapacity(id("a")));
        assertInstanceOf(NoMatch.class, book.match(order("o", 1000, 100, BIG), T0));
    }

    @Test
    void maxDurationRaisesTheRequiredCapacity() {
        book.add(bid("a", 10, 4000), T0);
        book.add(bid("b", 20, 4000), T0);
        book.add(bid("c", 30, 4000), T0);
        OrderRequest order = new OrderRequest(id("o"), 1_000_001, 1000, 100, BigInteger.valueOf(BIG), Set.of());
        assertEquals(10_001, order.requiredCapacitySamplesPerSecond(), "ceil(1,000,001 / 100)");

        Match match = matched(book.match(order, T0));
        assertEquals(List.of(4000L, 4000L, 2001L), match.fills().stream().map(Fill::capacitySamplesPerSecond).toList());
        assertEquals(10_001, match.totalCapacity());
        assertEquals(100, match.estimatedSeconds(), "the work fits in maxDurationSeconds");
    }

    @Test
    void orderOverItsMaxPriceIsNotMatchedAndChangesNothing() {
        book.add(bid("a", 100, 1000), T0);
        book.add(bid("b", 300, 1000), T0);
        book.add(bid("c", 500, 1000, "us-east", 0), T0);
        List<RestingBid> before = book.restingBids();
        // 1000 sample-steps per bid: 100 + 300 wei. Both would fit with c, but price-time priority is the rule.
        NoMatch none = unmatched(book.match(order("o", 2000, 2000, 399), T0.plusSeconds(5)));
        assertEquals(NoMatch.Reason.PRICE_EXCEEDED, none.reason());
        assertEquals(BigInteger.valueOf(400), none.costWei());
        assertEquals(2000, none.requiredCapacity());
        assertEquals("the cheapest bids covering 2000 samples/s in any region cost 400 wei, above maxPriceWei 399",
                none.message());
        assertEquals(before, book.restingBids());
        assertEquals(3, book.size());
        assertEquals(T0, book.time(), "a failed match does not even move the book's time");

        Match match = matched(book.match(order("o", 2000, 2000, 400), T0.plusSeconds(5)));
        assertEquals(BigInteger.valueOf(400), match.totalCostWei(), "maxPriceWei itself is allowed");
    }

    @Test
    void lackOfCapacityIsExplainedAndChangesNothing() {
        book.add(bid("a", 100, 700), T0);
        book.add(bid("b", 100, 500, "us-east", 0), T0);
        book.add(window("gone", 1, 9000, T0.minusSeconds(10), T0.plusSeconds(1)), T0);
        List<RestingBid> before = book.restingBids();
        OrderRequest order = new OrderRequest(id("o"), 500_000, 5000, 1000, BigInteger.valueOf(BIG),
                Set.of("us-east", "eu-west"));

        NoMatch none = unmatched(book.match(order, T0.plusSeconds(1)));
        assertEquals(NoMatch.Reason.INSUFFICIENT_CAPACITY, none.reason());
        assertEquals(1200, none.offeredCapacity());
        assertEquals(5000, none.requiredCapacity());
        assertNull(none.costWei());
        assertEquals("the bids valid now in regions [eu-west, us-east] offer 1200 samples/s, the order needs 5000"
                + " samples/s (max of minCapacitySamplesPerSecond 5000 and ceil(sampleSteps 500000 / maxDurationSeconds"
                + " 1000) = 500)", none.message());
        assertEquals(before, book.restingBids(), "expired bids met by a failed match stay until expire()");
        assertEquals(3, none.bookSequence());
    }

    @Test
    void workSharesSumExactlyToTheOrdersSampleSteps() {
        book.add(bid("a", 7, 3000), T0);
        book.add(bid("b", 7, 2000), T0);
        book.add(bid("c", 7, 1000), T0);
        Match match = matched(book.match(order("o", 100, 6000, BIG), T0));
        // quotas 50, 33.33, 16.67: floors 50, 33, 16; the one left goes to the largest remainder (c)
        assertEquals(List.of(50L, 33L, 17L), match.fills().stream().map(Fill::sampleSteps).toList());
        assertEquals(100, match.sampleSteps());
    }

    @Test
    void costIsRoundedUpToTheWei() {
        book.add(bid("a", 3, 1000), T0);
        book.add(bid("b", 7, 1000), T0);
        Match match = matched(book.match(order("o", 2001, 2000, BIG), T0));
        // shares 1001 (tie of remainders goes to the earlier fill) and 1000:
        // ceil(1001 x 3 / 1000) = ceil(3.003) = 4 wei, 1000 x 7 / 1000 = 7 wei exactly
        assertEquals(List.of(1001L, 1000L), match.fills().stream().map(Fill::sampleSteps).toList());
        assertEquals(List.of(BigInteger.valueOf(4), BigInteger.valueOf(7)),
                match.fills().stream().map(Fill::costWei).toList());
        assertEquals(BigInteger.valueOf(11), match.totalCostWei());
        assertEquals(2, match.estimatedSeconds(), "ceil(2001 / 2000)");
    }

    @Test
    void hugePricesStayExact() {
        BigInteger price = new BigInteger("123456789012345678901234567890");
        book.add(new Bid(id("whale"), "p", List.of("r"), price, 10, "eu-west", T0.minusSeconds(1),
                T0.plusSeconds(10), T0), T0);
        book.add(bid("cheap", 1, 10), T0);
        OrderRequest order = new OrderRequest(id("o"), 1_000_003, 20, 1_000_000_000L,
                new BigInteger("1000000000000000000000000000000000000"), Set.of());
        Match match = matched(book.match(order, T0));
        assertEquals(List.of(id("cheap"), id("whale")), bidIds(match));
        assertEquals(List.of(500_002L, 500_001L), match.fills().stream().map(Fill::sampleSteps).toList());
        BigInteger whale = BigInteger.valueOf(500_001).multiply(price).add(BigInteger.valueOf(999))
                .divide(BigInteger.valueOf(1000));
        assertEquals(whale.add(BigInteger.valueOf(501)), match.totalCostWei());
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> book.match(null, T0)).getMessage()
                .contains("order"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> book.match(order("o", 1, 1, 1), null))
                .getMessage().contains("now"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> book.add(null, T0)).getMessage()
                .contains("bid"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> book.cancel(null)).getMessage()
                .contains("bidId"));
    }
}
