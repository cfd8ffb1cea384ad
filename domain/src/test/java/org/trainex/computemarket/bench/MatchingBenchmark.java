package org.trainex.computemarket.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.trainex.computemarket.domain.matching.Allocation;
import org.trainex.computemarket.domain.matching.Bid;
import org.trainex.computemarket.domain.matching.Fill;
import org.trainex.computemarket.domain.matching.Match;
import org.trainex.computemarket.domain.matching.MatchResult;
import org.trainex.computemarket.domain.matching.NoMatch;
import org.trainex.computemarket.domain.matching.OrderBook;
import org.trainex.computemarket.domain.matching.OrderRequest;

/**
 * Throughput and latency of the compute market's matching engine ({@link OrderBook}, DKLabs, seed 002, Section 7.2
 * item 2) on a book of 100,000 bids, against a naive matcher that filters every bid, sorts them all and walks, run
 * on the same orders from the same book. Plain Java: needs only the JDK and the domain classes.
 *
 * <pre>
 *   bench/matching.sh [matches [naiveMatches [seed]]]
 *   java -cp domain/target/classes:domain/target/test-classes \
 *        org.trainex.computemarket.bench.MatchingBenchmark [matches [naiveMatches [seed]]]
 * </pre>
 *
 * <p>System properties (arguments win): {@code bench.matches} (default 20,000), {@code bench.naive} (200),
 * {@code bench.seed} (20260301), {@code bench.bids} (100,000), {@code bench.warmup} (matches of the engine's
 * warm-up on a separate book; default = matches).
 *
 * <p>The book: seeded random bids in 5 regions, prices log-uniform over two orders of magnitude (1e9 to 1e11 wei
 * per 1,000 sample-steps, two significant digits, so equal prices are common and time priority matters),
 * capacities 500 to 20,000 samples/s, 93% valid throughout the run, 5% becoming valid during it and 2% expiring
 * during it. The orders: required capacity 1,000 to 40,000 samples/s (1 to 5 bids typically; a fifth of them set by
 * the maximum duration), 1e6 to 1e9 sample-steps, 40% any region, 45% one region, 15% two, a maximum price at a
 * random level between 1e9 and 5e10 wei per 1,000 sample-steps. The clock advances 50 ms per order; every 1,000
 * orders expired bids are removed; each bid a match uses up is replaced by a fresh bid, so the book stays near its
 * size. Latency is System.nanoTime around each match (replacement bids not included).
 *
 * <p>Prints the figures; exits 1 if the engine and the naive matcher disagree on an order.
 */
public final class MatchingBenchmark {
    static final String[] REGIONS = {"eu-west", "eu-central", "us-east", "us-west", "ap-south"};
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final long STEP_MILLIS = 50;

    private MatchingBenchmark() {
    }

    /** What the driver needs from a matcher: the engine's book or the naive one. */
    interface Matcher {
        Bid add(Bid bid, Instant now);

        MatchResult match(OrderRequest order, Instant now);

        boolean contains(UUID bidId);

        void expire(Instant now);

        int size();
    }

    /** The engine. */
    static final class Engine implements Matcher {
        final OrderBook book = new OrderBook();

        @Override
        public Bid add(Bid bid, Instant now) {
            return book.add(bid, now);
        }

        @Override
        public MatchResult match(OrderRequest order, Instant now) {
            return book.match(order, now);
        }

        @Override
        public boolean contains(UUID bidId) {
            return book.remainingCapacity(bidId).isPresent();
        }

        @Override
        public void expire(Instant now) {
            book.expire(now);
        }

        @Override
        public int size() {
            return book.size();
        }
    }

    /**
     * The baseline: the same rule done the obvious way. For each order, filter every bid (valid now, region
     * allowed), sort the eligible ones fully by (price, postedAt, sequence), walk. Same results as the engine.
     */
    static final class Naive implements Matcher {
        static final class Slot {
            final Bid bid;
            long remaining;
            int index;

            Slot(Bid bid) {
                this.bid = bid;
                this.remaining = bid.capacitySamplesPerSecond();
            }
        }

        private final ArrayList<Slot> slots = new ArrayList<>();
        private final Map<UUID, Slot> byId = new HashMap<>();
        private long sequence;

        @Override
        public Bid add(Bid bid, Instant now) {
            if (byId.containsKey(bid.id()) || !now.isBefore(bid.validUntil())) {
                throw new IllegalArgumentException("rejected " + bid.id());
            }
            Slot slot = new Slot(bid.withSequence(++sequence));
            slot.index = slots.size();
            slots.add(slot);
            byId.put(bid.id(), slot);
            return slot.bid;
        }

        @Override
        public MatchResult match(OrderRequest order, Instant now) {
            List<Slot> eligible = new ArrayList<>();
            for (Slot slot : slots) {
                Bid bid = slot.bid;
                if (!now.isBefore(bid.validFrom()) && now.isBefore(bid.validUntil())
                        && order.allowsRegion(bid.region())) {
                    eligible.add(slot);
                }
            }
            eligible.sort((a, b) -> {
                int c = a.bid.pricePerKiloSampleStepWei().compareTo(b.bid.pricePerKiloSampleStepWei());
                if (c != 0) {
                    return c;
                }
                c = a.bid.postedAt().compareTo(b.bid.postedAt());
                return c != 0 ? c : Long.compare(a.bid.sequence(), b.bid.sequence());
            });
            long need = order.requiredCapacitySamplesPerSecond();
            long offered = 0;
            List<Allocation> allocations = new ArrayList<>();
            List<Slot> taken = new ArrayList<>();
            for (Slot slot : eligible) {
                offered += slot.remaining;
                if (need > 0) {
                    long take = Math.min(need, slot.remaining);
                    allocations.add(new Allocation(slot.bid, take));
                    taken.add(slot);
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
            for (int i = 0; i < taken.size(); i++) {
                Slot slot = taken.get(i);
                slot.remaining -= allocations.get(i).capacitySamplesPerSecond();
                if (slot.remaining == 0) {
                    remove(slot);
                }
            }
            return match;
        }

        @Override
        public boolean contains(UUID bidId) {
            return byId.containsKey(bidId);
        }

        @Override
        public void expire(Instant now) {
            for (Slot slot : new ArrayList<>(slots)) {
                if (!now.isBefore(slot.bid.validUntil())) {
                    remove(slot);
                }
            }
        }

        @Override
        public int size() {
            return slots.size();
        }

        private void remove(Slot slot) {
            Slot last = slots.remove(slots.size() - 1);
            if (last != slot) {
                slots.set(slot.index, last);
                last.index = slot.index;
            }
            byId.remove(slot.bid.id());
        }
    }

    /** Seeded random bids and orders; the same seed gives the same stream. */
    static final class Generator {
        private final SplittableRandom random;
        private final long spanMillis;

        Generator(long seed, long spanMillis) {
            this.random = new SplittableRandom(seed);
            this.spanMillis = Math.max(1, spanMillis);
        }

        /** Log-uniform in [low, high), rounded to two significant digits. */
        private BigInteger price(double low, double high) {
            double value = Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
            long magnitude = (long) Math.pow(10, Math.floor(Math.log10(value)) - 1);
            return BigInteger.valueOf(Math.max(1, Math.round(value / magnitude)) * magnitude);
        }

        private Bid bid(Instant posted, Instant from, Instant until) {
            int provider = random.nextInt(2000);
            List<String> runners = new ArrayList<>();
            for (int r = 0, n = 1 + random.nextInt(4); r < n; r++) {
                runners.add("runner-" + provider + "-" + r);
            }
            return new Bid(new UUID(random.nextLong(), random.nextLong()), "provider-" + provider, runners,
                    price(1e9, 1e11), 500 + random.nextLong(19_501), REGIONS[random.nextInt(REGIONS.length)], from,
                    until, posted);
        }

        Bid initialBid() {
            Instant posted = T0.minusMillis(random.nextLong(3_600_000));
            int kind = random.nextInt(100);
            if (kind < 93) {
                return bid(posted, T0.minusSeconds(3600), T0.plusMillis(spanMillis + 7_200_000
                        + random.nextLong(165_600_000)));
            }
            if (kind < 98) {
                Instant from = T0.plusMillis(random.nextLong(spanMillis));
                return bid(posted, from, from.plusMillis(spanMillis + 7_200_000));
            }
            return bid(posted, T0.minusSeconds(3600), T0.plusMillis(1 + random.nextLong(spanMillis)));
        }

        Bid freshBid(Instant now) {
            return bid(now, now, now.plusMillis(spanMillis + 7_200_000 + random.nextLong(165_600_000)));
        }

        OrderRequest order() {
            long target = 1000 + random.nextLong(39_001);
            long steps = 1_000_000 + random.nextLong(1_000_000_000);
            long minCapacity;
            long maxDuration;
            if (random.nextInt(5) == 0) {
                maxDuration = (steps + target - 1) / target;
                minCapacity = 500 + random.nextLong(target / 2);
            } else {
                minCapacity = target;
                maxDuration = steps / target * 10 + 1;
            }
            Set<String> regions = new LinkedHashSet<>();
            int kind = random.nextInt(100);
            if (kind >= 40) {
                regions.add(REGIONS[random.nextInt(REGIONS.length)]);
            }
            if (kind >= 85) {
                while (regions.size() < 2) {
                    regions.add(REGIONS[random.nextInt(REGIONS.length)]);
                }
            }
            BigInteger maxPrice = BigInteger.valueOf(steps).multiply(price(1e9, 5e10)).divide(BigInteger.valueOf(1000));
            return new OrderRequest(new UUID(random.nextLong(), random.nextLong()), steps, minCapacity, maxDuration,
                    maxPrice, regions);
        }
    }

    /** The figures of one run. */
    record Run(long[] nanos, List<MatchResult> results, long wallNanos, int finalSize) {
    }

    static void fill(Matcher matcher, long seed, int bids, long spanMillis) {
        Generator generator = new Generator(seed, spanMillis);
        for (int i = 0; i < bids; i++) {
            matcher.add(generator.initialBid(), T0);
        }
    }

    /** Runs {@code count} orders through {@code matcher}; the streams depend only on the seed. */
    static Run drive(Matcher matcher, long seed, int count, long spanMillis, boolean keepResults) {
        Generator orders = new Generator(seed * 31 + 1, spanMillis);
        Generator fresh = new Generator(seed * 31 + 2, spanMillis);
        long[] nanos = new long[count];
        List<MatchResult> results = new ArrayList<>(keepResults ? count : 0);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Instant now = T0.plusMillis(i * STEP_MILLIS);
            if (i > 0 && i % 1000 == 0) {
                matcher.expire(now);
            }
            OrderRequest order = orders.order();
            long t0 = System.nanoTime();
            MatchResult result = matcher.match(order, now);
            nanos[i] = System.nanoTime() - t0;
            if (result instanceof Match match) {
                for (Fill fill : match.fills()) {
                    if (!matcher.contains(fill.bidId())) {
                        matcher.add(fresh.freshBid(now), now);
                    }
                }
            }
            if (keepResults) {
                results.add(result);
            }
        }
        return new Run(nanos, results, System.nanoTime() - start, matcher.size());
    }

    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    static long setting(String[] args, int index, String property, long fallback) {
        if (args.length > index) {
            return Long.parseLong(args[index].replace("_", "").replace(",", ""));
        }
        String value = System.getProperty(property);
        return value == null ? fallback : Long.parseLong(value.replace("_", "").replace(",", ""));
    }

    /** Stats of one run: throughput from the summed match latencies, percentiles. */
    record Stats(int n, double throughput, long p50, long p99, long p999, long max) {
        static Stats of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            long total = 0;
            for (long value : sorted) {
                total += value;
            }
            return new Stats(sorted.length, sorted.length / (total / 1e9), percentile(sorted, 0.50),
                    percentile(sorted, 0.99), percentile(sorted, 0.999), sorted[sorted.length - 1]);
        }

        String line() {
            return String.format(Locale.ROOT, "%,.0f matches/s; latency p50 %s us, p99 %s us, p999 %s us, max %s us"
                    + " (n = %d)", throughput, micros(p50), micros(p99), micros(p999), micros(max), n);
        }
    }

    /** Collections and milliseconds spent in GC so far, all collectors. */
    static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static String machine() {
        String cpu = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = ", " + line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            cpu = "";
        }
        String load = "";
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            load = ", load " + fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            load = "";
        }
        return Runtime.getRuntime().availableProcessors() + " cores" + cpu + load + ", Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB";
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println("usage: MatchingBenchmark [matches [naiveMatches [seed]]]  (defaults 20000 200 20260301;"
                    + " -Dbench.bids=100000 -Dbench.warmup=<matches>)");
            return;
        }
        int matches = (int) setting(args, 0, "bench.matches", 20_000);
        int naiveMatches = (int) setting(args, 1, "bench.naive", 200);
        long seed = setting(args, 2, "bench.seed", 20_260_301L);
        int bids = (int) setting(new String[0], 0, "bench.bids", 100_000);
        int warmup = (int) setting(new String[0], 0, "bench.warmup", matches);
        if (matches < 1 || naiveMatches < 0 || bids < 1 || warmup < 0) {
            throw new IllegalArgumentException("matches and bids must be > 0, naiveMatches and warmup >= 0");
        }
        long span = (long) Math.max(matches, Math.max(naiveMatches, warmup)) * STEP_MILLIS;

        System.out.printf(Locale.ROOT, "== matching benchmark: %,d bids in %d regions, %,d matches (naive %,d), seed %d%n",
                bids, REGIONS.length, matches, naiveMatches, seed);
        System.out.println("== machine: " + machine());

        // Warm-up on a separate book (another seed), so the measured book starts as the naive one does.
        Engine warm = new Engine();
        fill(warm, seed + 1, bids, span);
        drive(warm, seed + 1, warmup, span, false);
        warm = null;
        System.out.printf(Locale.ROOT, "warm-up: %,d matches on a separate book of %,d bids%n", warmup, bids);

        System.gc();
        Engine engine = new Engine();
        long t0 = System.nanoTime();
        fill(engine, seed, bids, span);
        long buildNanos = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "book: %,d bids added in %.0f ms (%,.0f adds/s)%n", bids, buildNanos / 1e6,
                bids / (buildNanos / 1e9));
        System.gc();
        long[] gcBefore = gc();
        Run run = drive(engine, seed, matches, span, true);
        long[] gcAfter = gc();
        Stats stats = Stats.of(run.nanos());
        long matched = 0;
        long fills = 0;
        long maxFills = 0;
        long priceExceeded = 0;
        long shortCapacity = 0;
        for (MatchResult result : run.results()) {
            if (result instanceof Match match) {
                matched++;
                fills += match.fills().size();
                maxFills = Math.max(maxFills, match.fills().size());
            } else if (((NoMatch) result).reason() == NoMatch.Reason.PRICE_EXCEEDED) {
                priceExceeded++;
            } else {
                shortCapacity++;
            }
        }
        System.out.println("engine: " + stats.line());
        System.out.printf(Locale.ROOT, "        matched %,d (%.1f%%), %.2f fills per match (max %d); no match: %,d over"
                        + " max price, %,d short of capacity; book %,d bids at the end; loop with replacement bids"
                        + " %,.0f orders/s%n", matched, 100.0 * matched / matches, matched == 0 ? 0.0 : (double) fills / matched,
                maxFills, priceExceeded, shortCapacity, run.finalSize(), matches / (run.wallNanos() / 1e9));
        System.out.printf(Locale.ROOT, "        GC during the run: %d collections, %d ms in all (the tail of the latencies)%n",
                gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
        long[] unfillable = new long[21];
        for (int i = 0; i < unfillable.length; i++) {
            OrderRequest order = new OrderRequest(new UUID(seed, i), 1_000_000_000L, 1_000_000_000_000L, 1,
                    BigInteger.TEN.pow(30), Set.of());
            Instant now = T0.plusMillis(matches * STEP_MILLIS);
            long t = System.nanoTime();
            MatchResult result = engine.match(order, now);
            unfillable[i] = System.nanoTime() - t;
            if (result.matched()) {
                throw new IllegalStateException("an order for 1e12 samples/s matched");
            }
        }
        Arrays.sort(unfillable);
        System.out.printf(Locale.ROOT, "        an order no bids can cover (1e12 samples/s, any region) walks the whole"
                + " book: median %s us%n", micros(unfillable[unfillable.length / 2]));
        if (naiveMatches == 0) {
            return;
        }

        engine = null;
        System.gc();
        Naive warmNaive = new Naive();
        fill(warmNaive, seed + 1, bids, span);
        drive(warmNaive, seed + 1, Math.max(1, naiveMatches / 10), span, false);
        warmNaive = null;
        System.gc();
        Naive naive = new Naive();
        fill(naive, seed, bids, span);
        System.gc();
        Run naiveRun = drive(naive, seed, naiveMatches, span, true);
        Stats naiveStats = Stats.of(naiveRun.nanos());
        System.out.println("naive:  " + naiveStats.line() + " (filter all bids, sort fully, walk; same book, same"
                + " first orders)");
        System.out.printf(Locale.ROOT, "engine vs naive: throughput %,.0fx, p99 latency %,.0fx lower%n",
                stats.throughput() / naiveStats.throughput(), (double) naiveStats.p99() / stats.p99());

        int compared = Math.min(naiveMatches, matches);
        int disagreements = 0;
        for (int i = 0; i < compared; i++) {
            if (!run.results().get(i).equals(naiveRun.results().get(i))) {
                if (disagreements++ < 3) {
                    System.out.println("DISAGREE at order " + i + ":\n  engine " + run.results().get(i) + "\n  naive  "
                            + naiveRun.results().get(i));
                }
            }
        }
        System.out.printf(Locale.ROOT, "cross-check: engine and naive results %s on the first %,d orders%n",
                disagreements == 0 ? "identical" : "DIFFER (" + disagreements + ")", compared);
        if (disagreements > 0) {
            System.exit(1);
        }
    }
}
