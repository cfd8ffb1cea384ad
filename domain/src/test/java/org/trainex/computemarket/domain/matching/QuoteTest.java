package org.trainex.computemarket.domain.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trainex.computemarket.domain.matching.Fixtures.T0;
import static org.trainex.computemarket.domain.matching.Fixtures.bid;
import static org.trainex.computemarket.domain.matching.Fixtures.id;
import static org.trainex.computemarket.domain.matching.Fixtures.matched;
import static org.trainex.computemarket.domain.matching.Fixtures.order;
import static org.trainex.computemarket.domain.matching.Fixtures.unmatched;

import org.junit.jupiter.api.Test;

class QuoteTest {
    @Test
    void aQuoteIsWhatTheMatchWouldBeAndChangesNothing() {
        OrderBook book = new OrderBook();
        book.add(bid("cheap", 10, 1_000), T0);
        book.add(bid("dear", 30, 5_000), T0);
        OrderRequest o = order("o", 200, 3_000, 1_000_000);
        Match quote = matched(book.quote(o, T0.plusSeconds(1)));
        assertEquals(1_000, book.remainingCapacity(id("cheap")).orElseThrow(), "nothing consumed");
        assertEquals(5_000, book.remainingCapacity(id("dear")).orElseThrow());
        assertEquals(T0, book.time(), "the book's time did not move");
        Match match = matched(book.match(o, T0.plusSeconds(1)));
        assertEquals(quote.fills(), match.fills());
        assertEquals(quote.totalCostWei(), match.totalCostWei());
    }

    @Test
    void aQuoteReportsWhyNot() {
        OrderBook book = new OrderBook();
        book.add(bid("small", 10, 100), T0);
        assertEquals(NoMatch.Reason.INSUFFICIENT_CAPACITY, unmatched(book.quote(order("o", 200, 3_000, 1_000),
                T0)).reason());
        assertEquals(1, book.size());
    }
}
