package org.trainex.computemarket.domain.matching;

import java.util.UUID;

/**
 * The outcome of matching one order against the book ({@link OrderBook#match(OrderRequest, java.time.Instant)}):
 * a {@link Match} or a {@link NoMatch} with its reason (DKLabs, seed 002, Section 7.2 item 2). Both are records, so
 * replaying a journal can be checked with {@code equals} ({@link MatchingJournal#replay(java.util.List)}).
 */
public sealed interface MatchResult permits Match, NoMatch {

    /** The order this result is for. */
    UUID orderId();

    /**
     * The book's sequence number when the order was matched: the sequence of the last bid added to the book before
     * it, so every bid the match could see has {@code sequence <= bookSequence} (0 when no bid was ever added).
     */
    long bookSequence();

    /** True for a {@link Match}, false for a {@link NoMatch}. */
    boolean matched();
}
