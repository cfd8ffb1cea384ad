package org.trainex.computemarket.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A bill whose data fee the data market splits later (issue 12: DataUsed -> DataUsageRecorded). */
class SettlementTest {
    static final String P = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    static final String C = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    final UUID order = UUID.randomUUID();
    final Instant now = Instant.parse("2026-12-03T00:00:00Z");

    Settlement awaiting() {
        return Settlement.awaitingUsage(order, BigInteger.valueOf(1000), List.of(
                new Settlement.Line(Settlement.Kind.PROVIDER, "provider", P, 10L, BigInteger.valueOf(600), "work"),
                new Settlement.Line(Settlement.Kind.REFUND, "consumer", C, null, BigInteger.valueOf(300), "rest")),
                BigInteger.valueOf(100), now);
    }

    static Settlement.Line dividend(String entry, long wei) {
        return new Settlement.Line(Settlement.Kind.DIVIDEND, entry, P, 5L, BigInteger.valueOf(wei), "fee");
    }

    @Test
    void awaitsTheUsageThenVerifiesWithTheDividendsBeforeTheRefund() {
        Settlement s = awaiting();
        assertEquals(Settlement.State.RECORDING_USAGE, s.state());
        assertTrue(s.toView().balanced(), "providers + data fee + refund = lock while the fee is being split");
        UUID usage = UUID.randomUUID();
        assertTrue(s.usageRecorded(usage, "0x" + "ab".repeat(32), List.of(dividend("e1", 60), dividend("e2", 40))));
        assertEquals(Settlement.State.VERIFYING, s.state());
        assertEquals(usage, s.usageId());
        assertEquals(List.of(Settlement.Kind.PROVIDER, Settlement.Kind.DIVIDEND, Settlement.Kind.DIVIDEND,
                Settlement.Kind.REFUND), s.lines().stream().map(Settlement.Line::kind).toList());
        assertFalse(s.usageRecorded(UUID.randomUUID(), "0x" + "cd".repeat(32), List.of(dividend("e3", 100))),
                "a second usage changes nothing");
        assertEquals(usage, s.usageId());
    }

    @Test
    void dividendsThatDoNotSumToTheFeeAreRefused() {
        Settlement s = awaiting();
        assertThrows(IllegalArgumentException.class,
                () -> s.usageRecorded(UUID.randomUUID(), "0x" + "ab".repeat(32), List.of(dividend("e1", 99))));
        assertEquals(Settlement.State.RECORDING_USAGE, s.state());
        assertEquals(2, s.lines().size());
    }

    @Test
    void aBillThatDoesNotBalanceOrHasNoFeeIsRefused() {
        List<Settlement.Line> lines = List.of(
                new Settlement.Line(Settlement.Kind.PROVIDER, "provider", P, 10L, BigInteger.valueOf(600), "work"));
        assertThrows(IllegalArgumentException.class,
                () -> Settlement.awaitingUsage(order, BigInteger.valueOf(1000), lines, BigInteger.valueOf(100), now));
        assertThrows(IllegalArgumentException.class,
                () -> Settlement.awaitingUsage(order, BigInteger.valueOf(600), lines, BigInteger.ZERO, now));
    }
}
