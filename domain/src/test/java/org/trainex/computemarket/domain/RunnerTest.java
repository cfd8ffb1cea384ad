package org.trainex.computemarket.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trainex.shared.api.InvalidInputException;

class RunnerTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    static Runner runner(double capacity) {
        return new Runner("r1", "provider", "eu-west", "cpu x2", capacity, "mlp, batch 128", T0);
    }

    @Test
    void theClaimCountsUntilTrainingShowsLessThanHalfOfIt() {
        Runner r = runner(20_000);
        assertEquals(20_000, r.effectiveCapacity());
        r.observed(12_000); // 60 % of the claim: within the spot check's tolerance
        assertEquals(20_000, r.effectiveCapacity());
        r.observed(4_000); // average 8,000: below half of the claim
        assertEquals(8_000, r.effectiveCapacity());
        r.observed(Double.NaN);
        assertEquals(8_000, r.effectiveCapacity(), "a nonsense observation changes nothing");
    }

    @Test
    void claimsAreCappedByWhatTheExchangeMeasured() {
        // issue 11 item 6: 1e308 was stored as 2^63-1; now a claim above the limit is refused
        assertThrows(InvalidInputException.class, () -> runner(1e308));
        assertThrows(InvalidInputException.class, () -> runner(Runner.maxClaim() + 1.0));
        Runner r = runner(Runner.maxClaim());
        assertEquals(Runner.unmeasuredCap(), r.effectiveCapacity(), "unmeasured: at most the cap");
        r.observed(Runner.maxClaim()); // the runner's own report agrees with its claim ...
        r.measured(10_000); // ... the exchange's clock says 10,000 samples/s
        assertEquals(Math.max(Runner.unmeasuredCap(), 20_000), r.effectiveCapacity(),
                "at most twice the measured figure (or the cap, if higher)");
        r.measured(Double.POSITIVE_INFINITY);
        r.measured(-1);
        assertEquals(Math.max(Runner.unmeasuredCap(), 20_000), r.effectiveCapacity(), "nonsense changes nothing");
        Runner small = runner(3_000);
        small.measured(500);
        assertEquals(3_000, small.effectiveCapacity(), "claims under the cap are not lowered by the exchange's clock");
    }

    @Test
    void aRunnerKeyIsBoundToItsProviderShownOnceAndRevocable() {
        RunnerKey k = new RunnerKey("gpu-1", "provider");
        String key = k.issue("provider", T0);
        assertTrue(key.startsWith(RunnerKey.PREFIX) && key.length() == 47, key);
        assertEquals(k.toView().issuedAt(), T0);
        String again = k.issue("provider", T0.plusSeconds(1));
        assertFalse(again.equals(key), "a new key each time");
        assertEquals(64, RunnerKey.sha256(again).length());
        assertThrows(org.trainex.shared.api.AccessDeniedException.class, () -> k.issue("provider2", T0));
        assertThrows(org.trainex.shared.api.AccessDeniedException.class, () -> k.revoke("provider2", T0));
        k.revoke("provider", T0.plusSeconds(2));
        assertTrue(k.revoked());
        k.revoke("provider", T0.plusSeconds(3));
        assertEquals(T0.plusSeconds(2), k.toView().revokedAt(), "revoking twice changes nothing");
        assertThrows(InvalidInputException.class, () -> new RunnerKey("a/b", "provider"));
        assertThrows(InvalidInputException.class, () -> new RunnerKey("x".repeat(101), "provider"));
    }

    @Test
    void heartbeatsKeepItActiveAndSilenceLosesIt() {
        Runner r = runner(1_000);
        Duration lease = Duration.ofSeconds(20);
        assertFalse(r.expire(T0.plusSeconds(20), lease), "exactly the lease is still alive");
        r.heartbeat(true, UUID.randomUUID(), T0.plusSeconds(15));
        assertFalse(r.expire(T0.plusSeconds(30), lease));
        assertTrue(r.expire(T0.plusSeconds(36), lease));
        assertEquals(Runner.State.LOST, r.state());
        assertFalse(r.toView().busy(), "a lost runner works on nothing");
        r.heartbeat(false, null, T0.plusSeconds(40));
        assertEquals(Runner.State.ACTIVE, r.state());
    }

    @Test
    void badRegistrationsAreRefused() {
        assertThrows(InvalidInputException.class, () -> runner(0));
        assertThrows(InvalidInputException.class, () -> runner(Double.POSITIVE_INFINITY));
        assertThrows(InvalidInputException.class, () -> new Runner(" ", "p", "r", "h", 1, "m", T0));
        assertThrows(InvalidInputException.class, () -> new Runner("r", "p", "x".repeat(101), "h", 1, "m", T0));
    }

    @Test
    void aBidFillsPartiallyUntilNothingRemains() {
        Bid b = new Bid(UUID.randomUUID(), "provider", List.of("r1"), BigInteger.TEN, 1_000, "eu-west", T0,
                T0.plusSeconds(3600), T0, 1);
        b.fill(400);
        assertEquals(600, b.remainingCapacity());
        assertThrows(IllegalStateException.class, () -> b.fill(601));
        b.fill(600);
        assertEquals(Bid.State.FILLED, b.state());
        assertFalse(b.cancel(), "a filled bid cannot be cancelled");
        assertThrows(InvalidInputException.class, () -> new Bid(UUID.randomUUID(), "p", List.of("r1"),
                BigInteger.ZERO, 1, "eu", T0, T0.plusSeconds(1), T0, 2));
        assertThrows(InvalidInputException.class, () -> new Bid(UUID.randomUUID(), "p", List.of("r1"),
                BigInteger.ONE, 1, "eu", T0, T0, T0, 3));
    }

    @Test
    void aSuspendedBidResumesOrExpires() {
        Bid b = new Bid(UUID.randomUUID(), "provider", List.of("r1"), BigInteger.TEN, 1_000, "eu-west", T0,
                T0.plusSeconds(60), T0, 1);
        assertTrue(b.suspend());
        assertFalse(b.suspend(), "already suspended");
        assertThrows(IllegalStateException.class, () -> b.fill(1), "a suspended bid is not matched");
        assertTrue(b.resume());
        assertEquals(Bid.State.OPEN, b.state());
        b.suspend();
        assertTrue(b.expire(T0.plusSeconds(60)), "a suspended bid still expires at the end of its window");
        assertFalse(b.resume());
    }
}
