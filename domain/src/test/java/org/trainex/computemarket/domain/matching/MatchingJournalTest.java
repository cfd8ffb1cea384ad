package org.trainex.computemarket.domain.matching;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.computemarket.domain.matching.Fixtures.*;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The journal records what was applied; replaying it gives the same matches; the engine follows the rule. */
class MatchingJournalTest {
    private static final long BIG = 1_000_000_000_000_000_000L;
    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};

    @Test
    void recordsAppliedCommandsOnlyAndReplaysThem() {
        MatchingJournal journal = new MatchingJournal();
        journal.add(bid("a", 100, 1000), T0);
        journal.add(bid("b", 200, 1000), T0);
        assertThrows(IllegalArgumentException.class, () -> journal.add(bid("a", 1, 1), T0));
        assertFalse(journal.cancel(id("nobody")));
        MatchResult first = journal.match(order("o1", 10_000, 1500, BIG), T0.plusSeconds(1));
        MatchResult second = journal.match(order("o2", 10_000, 1500, BIG), T0.plusSeconds(2));
        journal.expire(T0.plusSeconds(3));

        assertEquals(List.of(
                new MatchingJournal.AddBid(bid("a", 100, 1000), T0),
                new MatchingJournal.AddBid(bid("b", 200, 1000), T0),
                new MatchingJournal.CancelBid(id("nobody")),
                new MatchingJournal.MatchOrder(order("o1", 10_000, 1500, BIG), T0.plusSeconds(1)),
                new MatchingJournal.MatchOrder(order("o2", 10_000, 1500, BIG), T0.plusSeconds(2)),
                new MatchingJournal.Expire(T0.plusSeconds(3))), journal.commands());
        assertTrue(first.matched());
        assertFalse(second.matched());
        assertEquals(List.of(first, second), journal.matchResults());
        assertEquals(journal.matchResults(), MatchingJournal.replay(journal.commands()));
        assertEquals(journal.restingBids(), MatchingJournal.replayBook(journal.commands()).book().restingBids());
    }

    @Test
    void aJournalThatDoesNotReplayIsReported() {
        List<MatchingJournal.Command> forged = List.of(
                new MatchingJournal.AddBid(bid("a", 100, 1000), T0),
                new MatchingJournal.AddBid(bid("a", 100, 1000), T0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatchingJournal.replay(forged));
        assertTrue(e.getMessage().startsWith("commands[1]"), e.getMessage());
    }

    /**
     * 10,000 seeded random adds, cancels, expiries and matches (with time ties, equal prices, regions, windows):
     * replayed twice the journal gives identical results and book; a second run from the seed gives the same;
     * every result equals that of a naive reference (filter all bids, sort, walk).
     */
    @Test
    void randomCommandsReplayIdenticallyAndFollowTheRule() {
        Run live = run(20_260_301L, 10_000);
        List<MatchResult> replay1 = MatchingJournal.replay(live.journal.commands());
        MatchingJournal.Replayed replay2 = MatchingJournal.replayBook(live.journal.commands());

        assertEquals(live.journal.matchResults(), replay1);
        assertEquals(replay1, replay2.results());
        assertEquals(live.journal.restingBids(), replay2.book().restingBids());
        assertEquals(live.journal.matchResults(), run(20_260_301L, 10_000).journal.matchResults());
        assertEquals(live.reference, live.journal.matchResults(), "the engine agrees with the naive reference");

        long matched = replay1.stream().filter(MatchResult::matched).count();
        long tooDear = replay1.stream().filter(r -> r instanceof NoMatch n
                && n.reason() == NoMatch.Reason.PRICE_EXCEEDED).count();
        long tooSmall = replay1.stream().filter(r -> r instanceof NoMatch n
                && n.reason() == NoMatch.Reason.INSUFFICIENT_CAPACITY).count();
        long multi = replay1.stream().filter(r -> r instanceof Match m && m.fills().size() > 1).count();
        assertTrue(matched > 500 && tooDear > 100 && tooSmall > 100 && multi > 200,
                "the random run exercises every path: matched " + matched + " (several bids " + multi
                        + "), price exceeded " + tooDear + ", capacity short " + tooSmall);
    }

    private record Run(MatchingJournal journal, List<MatchResult> reference) {
    }

    private static Run run(long seed, int commands) {
        SplittableRandom random = new SplittableRandom(seed);
        MatchingJournal journal = new MatchingJournal();
        ReferenceBook reference = new ReferenceBook();
        List<MatchResult> referenceResults = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        Instant now = T0;
        for (int i = 0; i < commands; i++) {
            if (random.nextInt(4) == 0) {
                now = now.plusMillis(random.nextLong(5000));
            }
            int kind = random.nextInt(100);
            if (kind < 45) {
                Bid bid = randomBid(random, now, ids);
                boolean accepted;
                try {
                    journal.add(bid, now);
                    accepted = true;
                } catch (IllegalArgumentException e) {
                    accepted = false;
                }
                assertEquals(reference.accepts(bid, now), accepted, "add " + bid);
                if (accepted) {
                    reference.add(bid);
                    ids.add(bid.id());
                }
            } else if (kind < 55) {
                UUID id = ids.isEmpty() || random.nextInt(5) == 0 ? new UUID(random.nextLong(), random.nextLong())
                        : ids.get(random.nextInt(ids.size()));
                assertEquals(reference.cancel(id), journal.cancel(id));
            } else if (kind < 58) {
                journal.expire(now);
                reference.expire(now);
            } else {
                OrderRequest order = randomOrder(random);
                journal.match(order, now);
                referenceResults.add(reference.match(order, now));
            }
        }
        return new Run(journal, referenceResults);
    }

    private static Bid randomBid(SplittableRandom random, Instant now, List<UUID> ids) {
        UUID id = !ids.isEmpty() && random.nextInt(50) == 0 ? ids.get(random.nextInt(ids.size()))
                : new UUID(random.nextLong(), random.nextLong());
        Instant from = random.nextInt(5) == 0 ? now.plusSeconds(random.nextLong(120)) : now.minusSeconds(60);
        Instant until = random.nextInt(30) == 0 ? now.minusSeconds(1) : from.plusSeconds(1 + random.nextLong(600));
        if (!from.isBefore(until)) {
            from = until.minusSeconds(10);
        }
        List<String> runners = new ArrayList<>();
        for (int r = 0, n = 1 + random.nextInt(3); r < n; r++) {
            runners.add("runner-" + r);
        }
        return new Bid(id, "provider-" + random.nextInt(20), runners,
                BigInteger.valueOf(1_000_000_000L * (1 + random.nextInt(20))), 100 + random.nextLong(5000),
                REGIONS[random.nextInt(REGIONS.length)], from, until, now.minusMillis(random.nextLong(3000)));
    }

    private static OrderRequest randomOrder(SplittableRandom random) {
        Set<String> regions = new HashSet<>();
        int r = random.nextInt(10);
        if (r >= 4) {
            regions.add(REGIONS[random.nextInt(REGIONS.length)]);
        }
        if (r >= 7) {
            regions.add(REGIONS[random.nextInt(REGIONS.length)]);
        }
        if (r == 9) {
            regions.add("mars");
        }
        long steps = 1 + random.nextLong(random.nextBoolean() ? 100 : 50_000_000L);
        long minCapacity = 100 + random.nextLong(12_000);
        long maxDuration = 1 + random.nextLong(random.nextBoolean() ? 20_000 : 1_000_000);
        long priceCap = 1_000_000_000L * (1 + random.nextInt(25));
        BigInteger maxPrice = BigInteger.valueOf(steps).multiply(BigInteger.valueOf(priceCap))
                .divide(BigInteger.valueOf(1000)).add(BigInteger.ONE);
        return new OrderRequest(new UUID(random.nextLong(), random.nextLong()), steps, minCapacity, maxDuration,
                maxPrice, regions);
    }

    /** The rule written the obvious way: filter every bid, sort them all, walk. Slow and simple, an oracle. */
    private static final class ReferenceBook {
        private static final class Slot {
            final Bid bid;
            long remaining;

            Slot(Bid bid) {
                this.bid = bid;
                this.remaining = bid.capacitySamplesPerSecond();
            }
        }

        private final List<Slot> slots = new ArrayList<>();
        private long sequence;

        boolean accepts(Bid bid, Instant now) {
            return now.isBefore(bid.validUntil()) && slots.stream().noneMatch(s -> s.bid.id().equals(bid.id()));
        }

        void add(Bid bid) {
            slots.add(new Slot(bid.withSequence(++sequence)));
        }

        boolean cancel(UUID id) {
            return slots.removeIf(s -> s.bid.id().equals(id));
        }

        void expire(Instant now) {
            slots.removeIf(s -> !now.isBefore(s.bid.validUntil()));
        }

        MatchResult match(OrderRequest order, Instant now) {
            List<Slot> eligible = new ArrayList<>();
            for (Slot slot : slots) {
                if (slot.bid.isValidAt(now) && order.allowsRegion(slot.bid.region())) {
                    eligible.add(slot);
                }
            }
            eligible.sort(Comparator.comparing((Slot s) -> s.bid.pricePerKiloSampleStepWei())
                    .thenComparing(s -> s.bid.postedAt()).thenComparingLong(s -> s.bid.sequence()));
            long need = order.requiredCapacitySamplesPerSecond();
            long offered = 0;
            List<Allocation> allocations = new ArrayList<>();
            for (Slot slot : eligible) {
                offered += slot.remaining;
                if (need > 0) {
                    long take = Math.min(need, slot.remaining);
                    allocations.add(new Allocation(slot.bid, take));
                    need -= take;
                }
            }
            if (need > 0) {
                return NoMatch.insufficientCapacity(order, offered, now, sequence);
            }
            Match match = Match.of(order, Fill.split(order.sampleSteps(), allocations), now, sequence);
            if (match.totalCostWei().compareTo(order.maxPriceWei()) > 0) {
                return NoMatch.priceExceeded(order, match.totalCostWei(), now, sequence);
            }
            for (Allocation allocation : allocations) {
                for (Slot slot : slots) {
                    if (slot.bid.id().equals(allocation.bid().id())) {
                        slot.remaining -= allocation.capacitySamplesPerSecond();
                    }
                }
            }
            slots.removeIf(s -> s.remaining == 0);
            return match;
        }
    }
}
