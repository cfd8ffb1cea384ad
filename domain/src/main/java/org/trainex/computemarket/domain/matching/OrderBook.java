package org.trainex.computemarket.domain.matching;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The compute market's order book and matching engine: providers' bids for compute, matched against consumers'
 * orders by price-time priority ("a decentralized matching engine ... The order book includes bids from different
 * nodes offering a certain amount of compute at a specific price ... the order ... is matched against the best bid
 * that satisfies all the conditions of the order", DKLabs, seed 002, Section 7.2 item 2; the order's conditions of
 * item 1; a bid's work split over its runners by capacity, item 3; providers paid per use, DataBright, seed 000,
 * Section 3).
 *
 * <p><b>The rule.</b> A bid is <em>eligible</em> for an order at {@code now} when {@code validFrom <= now <
 * validUntil}, its region is allowed by the order (an empty allow-list allows any) and it has remaining capacity.
 * Eligible bids are taken in priority order, price ascending, then {@code postedAt} ascending, then
 * {@code sequence} ascending, until their capacity reaches the order's required capacity
 * ({@link OrderRequest#requiredCapacitySamplesPerSecond()}); the last bid taken gives only the capacity still needed
 * (a partial fill). The work is split by {@link Fill#split} and each fill is priced at its bid's price
 * (pay-as-bid). If the bids do not reach the required capacity, or the total cost exceeds the order's
 * {@code maxPriceWei}, the result is a {@link NoMatch} and the book is unchanged: no other combination of bids is
 * tried, price-time priority is the rule. A match reduces the remaining capacity of the bids it used; a bid with
 * none left leaves the book.
 *
 * <p><b>Time.</b> Nothing reads a clock: every command that depends on time takes {@code now}. {@code now} may not
 * go backwards: the book keeps the latest {@code now} of the commands it applied and rejects an earlier one, so
 * removing a bid once it has expired can never change a later result. The book is deterministic: the same commands
 * in the same order give the same results.
 *
 * <p><b>Structure.</b> The bids are kept in sorted sets keyed by (price, postedAt, sequence): one over all bids and
 * one per region (an order restricted to several regions walks a k-way merge of theirs), plus an expiry index by
 * ({@code validUntil}, sequence) and a hash index by id. Adding, cancelling and consuming a bid cost O(log n); a
 * match walks only from the cheapest bids in its regions, skipping bids not yet valid and dropping expired ones it
 * meets. A match that fails for lack of capacity walks every bid of its regions (O(n), to report the exact capacity
 * offered).
 *
 * <p><b>Not thread-safe.</b> The caller serializes every call (the exchange runs one matcher, which also keeps the
 * order of commands that {@link MatchingJournal} records).
 */
public final class OrderBook {

    /**
     * A bid resting in the book, with its remaining capacity (the only mutable part, not part of any key). The keys'
     * fields are copied out of the bid so that comparisons in the sorted sets touch one object per node.
     */
    private static final class Entry {
        final Bid bid;
        final long sequence;
        /** The price as a long when it fits in 62 bits, or -1: the comparator's fast path. */
        final long smallPrice;
        final long postedSeconds;
        final int postedNanos;
        final long fromSeconds;
        final int fromNanos;
        final long untilSeconds;
        final int untilNanos;
        long remaining;

        Entry(Bid bid) {
            this.bid = bid;
            this.sequence = bid.sequence();
            BigInteger price = bid.pricePerKiloSampleStepWei();
            this.smallPrice = price.bitLength() < 63 ? price.longValue() : -1;
            this.postedSeconds = bid.postedAt().getEpochSecond();
            this.postedNanos = bid.postedAt().getNano();
            this.fromSeconds = bid.validFrom().getEpochSecond();
            this.fromNanos = bid.validFrom().getNano();
            this.untilSeconds = bid.validUntil().getEpochSecond();
            this.untilNanos = bid.validUntil().getNano();
            this.remaining = bid.capacitySamplesPerSecond();
        }

        /** validUntil <= now, now given as (epoch second, nano). */
        boolean expiredAt(long nowSeconds, int nowNanos) {
            return untilSeconds < nowSeconds || untilSeconds == nowSeconds && untilNanos <= nowNanos;
        }

        /** now < validFrom, now given as (epoch second, nano). */
        boolean notYetValidAt(long nowSeconds, int nowNanos) {
            return nowSeconds < fromSeconds || nowSeconds == fromSeconds && nowNanos < fromNanos;
        }
    }

    /** Price ascending, then postedAt ascending, then sequence ascending (unique: a total order). */
    private static final Comparator<Entry> PRIORITY = (a, b) -> {
        if (a == b) {
            return 0;
        }
        int c = a.smallPrice >= 0 && b.smallPrice >= 0 ? Long.compare(a.smallPrice, b.smallPrice)
                : a.bid.pricePerKiloSampleStepWei().compareTo(b.bid.pricePerKiloSampleStepWei());
        if (c != 0) {
            return c;
        }
        if (a.postedSeconds != b.postedSeconds) {
            return Long.compare(a.postedSeconds, b.postedSeconds);
        }
        if (a.postedNanos != b.postedNanos) {
            return Integer.compare(a.postedNanos, b.postedNanos);
        }
        return Long.compare(a.sequence, b.sequence);
    };

    /** validUntil ascending, then sequence. */
    private static final Comparator<Entry> EXPIRY = (a, b) -> {
        if (a.untilSeconds != b.untilSeconds) {
            return Long.compare(a.untilSeconds, b.untilSeconds);
        }
        if (a.untilNanos != b.untilNanos) {
            return Integer.compare(a.untilNanos, b.untilNanos);
        }
        return Long.compare(a.sequence, b.sequence);
    };

    private final Map<UUID, Entry> byId = new HashMap<>();
    private final NavigableSet<Entry> all = new TreeSet<>(PRIORITY);
    private final Map<String, NavigableSet<Entry>> byRegion = new HashMap<>();
    private final NavigableSet<Entry> byExpiry = new TreeSet<>(EXPIRY);
    private long sequence;
    private Instant time;

    /** An empty book: no bids, sequence 0, no time seen yet. */
    public OrderBook() {
    }

    /**
     * Adds a provider's bid. The book assigns it the next sequence number (strictly increasing, from 1), which
     * breaks ties of price and {@code postedAt}.
     *
     * @param bid the bid as submitted, with sequence 0
     * @param now the time of submission; not before the latest {@code now} the book has seen
     * @return the bid as it rests in the book, with its sequence
     * @throws IllegalArgumentException naming the problem, changing nothing, when {@code bid} or {@code now} is
     *     null, {@code now} goes backwards, the bid already has a sequence, a bid with the same id is in the book,
     *     or the bid has expired ({@code validUntil <= now})
     */
    public Bid add(Bid bid, Instant now) {
        Checks.notNull("bid", bid);
        checkTime(now);
        if (bid.sequence() != 0) {
            throw new IllegalArgumentException("Bid.sequence must be 0 on submission (the book assigns it), got "
                    + bid.sequence() + " for bid " + bid.id());
        }
        if (byId.containsKey(bid.id())) {
            throw new IllegalArgumentException("Bid.id " + bid.id() + " is already in the book");
        }
        if (!now.isBefore(bid.validUntil())) {
            throw new IllegalArgumentException("Bid.validUntil " + bid.validUntil() + " of bid " + bid.id()
                    + " is not after now " + now + ": the bid has expired");
        }
        Bid sequenced = bid.withSequence(sequence + 1);
        sequence++;
        time = now;
        Entry entry = new Entry(sequenced);
        byId.put(sequenced.id(), entry);
        all.add(entry);
        byRegion.computeIfAbsent(sequenced.region(), r -> new TreeSet<>(PRIORITY)).add(entry);
        byExpiry.add(entry);
        return sequenced;
    }

    /**
     * Removes a bid (the provider withdraws it).
     *
     * @return true if the bid was in the book, false otherwise (nothing changes)
     * @throws IllegalArgumentException if {@code bidId} is null
     */
    public boolean cancel(UUID bidId) {
        Checks.notNull("bidId", bidId);
        Entry entry = byId.get(bidId);
        if (entry == null) {
            return false;
        }
        remove(entry);
        return true;
    }

    /**
     * Removes every bid that has expired at {@code now} ({@code validUntil <= now}).
     *
     * @return the bids removed, by {@code validUntil} then sequence
     * @throws IllegalArgumentException if {@code now} is null or goes backwards
     */
    public List<Bid> expire(Instant now) {
        checkTime(now);
        time = now;
        List<Bid> expired = new ArrayList<>();
        while (!byExpiry.isEmpty() && !now.isBefore(byExpiry.first().bid.validUntil())) {
            Entry entry = byExpiry.first();
            expired.add(entry.bid);
            remove(entry);
        }
        return List.copyOf(expired);
    }

    /**
     * Matches an order against the book at {@code now} by price-time priority (the rule is in the type's
     * description). On a {@link Match} the used bids' remaining capacity is reduced (bids with none left leave the
     * book) and expired bids met on the way are removed; on a {@link NoMatch} nothing changes.
     *
     * @return the match, or the reason there is none
     * @throws IllegalArgumentException if {@code order} or {@code now} is null, or {@code now} goes backwards
     */
    public MatchResult match(OrderRequest order, Instant now) {
        Checks.notNull("order", order);
        checkTime(now);
        return walk(order, now, true);
    }

    /**
     * What {@link #match} would give now, without changing anything (not the bids, not the book's time): a price
     * quote for an order being written (issue 5 item 6, "a live price estimate from the book"). A quote is not a
     * promise: other orders may take the bids first.
     *
     * @throws IllegalArgumentException if {@code order} is null, or {@code now} is null or before the book's time
     */
    public MatchResult quote(OrderRequest order, Instant now) {
        Checks.notNull("order", order);
        checkTime(now);
        return walk(order, now, false);
    }

    private MatchResult walk(OrderRequest order, Instant now, boolean consume) {
        long required = order.requiredCapacitySamplesPerSecond();
        long need = required;
        long nowSeconds = now.getEpochSecond();
        int nowNanos = now.getNano();
        List<Entry> taken = new ArrayList<>(8);
        long[] takes = new long[8];
        List<Entry> expired = null;
        Iterator<Entry> walk = candidates(order);
        while (need > 0 && walk.hasNext()) {
            Entry entry = walk.next();
            if (entry.expiredAt(nowSeconds, nowNanos)) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(entry);
                continue;
            }
            if (entry.notYetValidAt(nowSeconds, nowNanos)) {
                continue;
            }
            long take = Math.min(entry.remaining, need);
            if (taken.size() == takes.length) {
                takes = Arrays.copyOf(takes, takes.length * 2);
            }
            takes[taken.size()] = take;
            taken.add(entry);
            need -= take;
        }
        if (need > 0) {
            return NoMatch.insufficientCapacity(order, required - need, now, sequence);
        }
        List<Allocation> allocations = new ArrayList<>(taken.size());
        for (int i = 0; i < taken.size(); i++) {
            allocations.add(new Allocation(taken.get(i).bid, takes[i]));
        }
        List<Fill> fills = Fill.split(order.sampleSteps(), allocations);
        Match match = Match.of(order, fills, now, sequence);
        if (match.totalCostWei().compareTo(order.maxPriceWei()) > 0) {
            return NoMatch.priceExceeded(order, match.totalCostWei(), now, sequence);
        }
        if (!consume) {
            return match;
        }
        time = now;
        for (int i = 0; i < taken.size(); i++) {
            Entry entry = taken.get(i);
            entry.remaining -= takes[i];
            if (entry.remaining == 0) {
                remove(entry);
            }
        }
        if (expired != null) {
            for (Entry entry : expired) {
                remove(entry);
            }
        }
        return match;
    }

    /**
     * The remaining capacity of a bid, samples/s.
     *
     * @return the remaining capacity, or empty when the bid is not in the book (never added, cancelled, expired and
     *     removed, or fully used)
     * @throws IllegalArgumentException if {@code bidId} is null
     */
    public OptionalLong remainingCapacity(UUID bidId) {
        Checks.notNull("bidId", bidId);
        Entry entry = byId.get(bidId);
        return entry == null ? OptionalLong.empty() : OptionalLong.of(entry.remaining);
    }

    /** The number of bids in the book (expired bids not yet removed included). */
    public int size() {
        return byId.size();
    }

    /**
     * The sequence number of the last bid added (0 for a book that never had one): the {@code bookSequence} a match
     * made now would carry.
     */
    public long sequence() {
        return sequence;
    }

    /** The latest {@code now} of the commands applied, or null when none has been. */
    public Instant time() {
        return time;
    }

    /** A snapshot of every bid in the book with its remaining capacity, in priority order. O(n). */
    public List<RestingBid> restingBids() {
        List<RestingBid> list = new ArrayList<>(all.size());
        for (Entry entry : all) {
            list.add(new RestingBid(entry.bid, entry.remaining));
        }
        return Collections.unmodifiableList(list);
    }

    private void checkTime(Instant now) {
        Checks.notNull("now", now);
        if (time != null && now.isBefore(time)) {
            throw new IllegalArgumentException("now " + now + " is before the book's time " + time
                    + ": time may not go backwards");
        }
    }

    private void remove(Entry entry) {
        byId.remove(entry.bid.id());
        all.remove(entry);
        NavigableSet<Entry> region = byRegion.get(entry.bid.region());
        region.remove(entry);
        if (region.isEmpty()) {
            byRegion.remove(entry.bid.region());
        }
        byExpiry.remove(entry);
    }

    /** The bids an order may use, in priority order: all bids, one region's, or a merge of several regions'. */
    private Iterator<Entry> candidates(OrderRequest order) {
        if (order.regions().isEmpty()) {
            return all.iterator();
        }
        List<NavigableSet<Entry>> sets = new ArrayList<>(order.regions().size());
        for (String region : order.regions()) {
            NavigableSet<Entry> set = byRegion.get(region);
            if (set != null) {
                sets.add(set);
            }
        }
        if (sets.isEmpty()) {
            return Collections.emptyIterator();
        }
        if (sets.size() == 1) {
            return sets.get(0).iterator();
        }
        return new Merge(sets);
    }

    /** A k-way merge of sorted sets (disjoint: a bid is in one region) by {@link #PRIORITY}. */
    private static final class Merge implements Iterator<Entry> {
        private static final class Head {
            final Iterator<Entry> rest;
            Entry entry;

            Head(Iterator<Entry> rest) {
                this.rest = rest;
                this.entry = rest.next();
            }
        }

        private final PriorityQueue<Head> heads;

        Merge(List<NavigableSet<Entry>> sets) {
            heads = new PriorityQueue<>(sets.size(), (a, b) -> PRIORITY.compare(a.entry, b.entry));
            for (NavigableSet<Entry> set : sets) {
                if (!set.isEmpty()) {
                    heads.add(new Head(set.iterator()));
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public Entry next() {
            Head head = heads.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            Entry entry = head.entry;
            if (head.rest.hasNext()) {
                head.entry = head.rest.next();
                heads.add(head);
            }
            return entry;
        }
    }
}
