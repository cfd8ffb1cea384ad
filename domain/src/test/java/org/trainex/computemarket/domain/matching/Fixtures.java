package org.trainex.computemarket.domain.matching;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Bids and orders for the matching tests, named so that failures read well. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private Fixtures() {
    }

    static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** A bid valid from an hour before T0 to a day after, posted at T0 + postedAfterSeconds. */
    static Bid bid(String name, long price, long capacity, String region, long postedAfterSeconds) {
        return new Bid(id(name), "provider-" + name, List.of("runner-" + name + "-1", "runner-" + name + "-2"),
                BigInteger.valueOf(price), capacity, region, T0.minusSeconds(3600), T0.plusSeconds(86_400),
                T0.plusSeconds(postedAfterSeconds));
    }

    static Bid bid(String name, long price, long capacity) {
        return bid(name, price, capacity, "eu-west", 0);
    }

    static Bid window(String name, long price, long capacity, Instant from, Instant until) {
        return new Bid(id(name), "provider-" + name, List.of("runner-" + name), BigInteger.valueOf(price), capacity,
                "eu-west", from, until, T0.minusSeconds(10));
    }

    /** An order of sampleSteps that needs minCapacity (max duration long enough), at most maxPrice wei. */
    static OrderRequest order(String name, long sampleSteps, long minCapacity, long maxPrice, String... regions) {
        return new OrderRequest(id(name), sampleSteps, minCapacity, 1_000_000_000L, BigInteger.valueOf(maxPrice),
                Set.of(regions));
    }

    static Match matched(MatchResult result) {
        if (result instanceof Match match) {
            return match;
        }
        throw new AssertionError("expected a match, got " + result);
    }

    static NoMatch unmatched(MatchResult result) {
        if (result instanceof NoMatch noMatch) {
            return noMatch;
        }
        throw new AssertionError("expected no match, got " + result);
    }

    static List<UUID> bidIds(Match match) {
        return match.fills().stream().map(Fill::bidId).toList();
    }
}
