package org.trainex.computemarket.application;

import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.computemarket.domain.Bid;
import org.trainex.computemarket.domain.ProviderRepository;
import org.trainex.computemarket.domain.matching.MatchResult;
import org.trainex.computemarket.domain.matching.MatchingJournal;
import org.trainex.computemarket.domain.matching.OrderRequest;

/**
 * The exchange's one order book (issue 5 item 3), in memory over the {@code bid} table: the matching engine
 * ({@link MatchingJournal}, price-time priority, partial fills) with every command journaled for replay. Calls are
 * serialized (a write lock) and join the caller's transaction; when that transaction does not commit, the book is
 * rebuilt from the database at the next call, so memory never holds a fill the database lost. Rebuilding adds the
 * OPEN bids in their sequence order with their remaining capacity, which preserves price-time priority.
 */
@Singleton
@Lock(LockType.WRITE)
public class MatchingService {
    private static final Logger LOG = Logger.getLogger(MatchingService.class.getName());

    @Inject
    ProviderRepository repo;
    @Resource
    TransactionSynchronizationRegistry transactions;

    private volatile MatchingJournal journal;
    private Instant lastNow = Instant.EPOCH;

    /**
     * The book's clock: never earlier than a time it already applied (the book refuses time going backwards, and
     * callers read the wall clock at different moments).
     */
    private Instant clock(Instant requested) {
        lastNow = requested.isAfter(lastNow) ? requested : lastNow;
        return lastNow;
    }

    private MatchingJournal book() {
        if (journal == null) {
            MatchingJournal j = new MatchingJournal();
            lastNow = Instant.EPOCH;
            Instant now = clock(Instant.now());
            int added = 0;
            for (Bid b : repo.openBids().stream().sorted(java.util.Comparator.comparingLong(Bid::sequence))
                    .toList()) {
                if (b.remainingCapacity() > 0 && b.validUntil().isAfter(now)) {
                    j.add(toEngine(b), now);
                    added++;
                }
            }
            journal = j;
            int n = added;
            LOG.info(() -> "order book loaded: " + n + " open bid(s)");
        }
        rebuildUnlessCommitted();
        return journal;
    }

    private void rebuildUnlessCommitted() {
        if (transactions.getTransactionKey() == null) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    invalidate();
                }
            }
        });
    }

    /** Drops the in-memory book; the next call reloads it from the database. */
    @Lock(LockType.WRITE)
    public void invalidate() {
        journal = null;
    }

    private static org.trainex.computemarket.domain.matching.Bid toEngine(Bid b) {
        return new org.trainex.computemarket.domain.matching.Bid(b.id(), b.provider(), b.runnerIds(), b.price(),
                b.remainingCapacity(), b.region(), b.validFrom(), b.validUntil(), b.postedAt());
    }

    /** A bid was posted (in the caller's transaction). */
    public void bidPosted(Bid b) {
        MatchingJournal book = book();
        book.add(toEngine(b), clock(Instant.now()));
    }

    /** A bid was cancelled. */
    public void bidCancelled(UUID bidId) {
        book().cancel(bidId);
    }

    /** Bids past their window leave the book. */
    public void expire(Instant now) {
        MatchingJournal book = book();
        book.expire(clock(now));
    }

    /** Matches an order against the book; a successful match consumes the bids' capacity in memory. */
    public MatchResult match(OrderRequest order) {
        MatchingJournal book = book();
        return book.match(order, clock(Instant.now()));
    }

    /** A quote: what matching {@code order} would give now; changes nothing. */
    public MatchResult quote(OrderRequest order) {
        MatchingJournal book = book();
        return book.quote(order, clock(Instant.now()));
    }

    /** Remaining capacity of a bid in the book (for checks), -1 if not in the book. */
    public long remaining(UUID bidId) {
        return book().remainingCapacity(bidId).orElse(-1);
    }
}
