package org.trainex.computemarket.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Chunk leases: expiry, renewal, re-dispatch as a new attempt, and payment on acceptance (issue 5 items 4, 7). */
class TrainingChunkTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(15);

    static TrainingChunk chunk() {
        return new TrainingChunk(UUID.randomUUID(), UUID.randomUUID(), 1, 2, 1, UUID.randomUUID(), 100, 5_000, 2,
                BigInteger.valueOf(37));
    }

    @Test
    void aLeaseExpiresUnlessRenewedByProgress() {
        TrainingChunk c = chunk();
        c.lease("r1", "alpha", T0, LEASE);
        assertFalse(c.leaseExpired(T0.plusSeconds(15)));
        assertTrue(c.leaseExpired(T0.plusSeconds(16)));
        assertTrue(c.progress(1_000, 0.5, 2_000, T0.plusSeconds(10), LEASE));
        assertFalse(c.leaseExpired(T0.plusSeconds(20)), "progress renews the lease");
        assertTrue(c.leaseExpired(T0.plusSeconds(26)));
    }

    @Test
    void anExpiredSlotIsRetriedAsANewAttemptOfTheSameWorkAndPrice() {
        TrainingChunk c = chunk();
        c.lease("r1", "alpha", T0, LEASE);
        c.expire(T0.plusSeconds(16));
        assertEquals(TrainingChunk.State.EXPIRED, c.state());
        assertFalse(c.progress(10, 0.1, 1, T0.plusSeconds(17), LEASE), "an expired attempt is not renewed");
        TrainingChunk next = c.retry(UUID.randomUUID());
        assertNotEquals(c.taskId(), next.taskId());
        assertEquals(2, next.attempt());
        assertEquals(c.slot(), next.slot());
        assertEquals(c.sampleOffset(), next.sampleOffset());
        assertEquals(c.sampleCount(), next.sampleCount());
        assertEquals(c.price(), next.price());
        assertEquals(TrainingChunk.State.PENDING, next.state());
        assertThrows(IllegalStateException.class, () -> c.expire(T0.plusSeconds(20)));
    }

    @Test
    void anAcceptedChunkIsPaidItsWorkAtItsPriceOnce() {
        TrainingChunk c = chunk();
        c.lease("r1", "alpha", T0, LEASE);
        c.accept("r1", "alpha", "bafkreiexample", 0.4, 3_000, 3_333, T0.plusSeconds(5));
        assertEquals(10_000, c.sampleSteps());
        assertEquals(BigInteger.valueOf(370), c.paymentWei(), "10,000 sample-steps x 37 wei / 1,000");
        assertThrows(IllegalStateException.class, () -> c.accept("r2", "beta", "bafkreiother", 0.4, 1, 1,
                T0.plusSeconds(6)), "a slot attempt is accepted once");
    }

    @Test
    void theExpiredAttemptsRunnerMayStillDeliverFirst() {
        TrainingChunk c = chunk();
        c.lease("r1", "alpha", T0, LEASE);
        c.expire(T0.plusSeconds(16));
        c.accept("r1", "alpha", "bafkreiexample", 0.4, 3_000, 3_333, T0.plusSeconds(17));
        assertEquals(TrainingChunk.State.DONE, c.state());
    }

    @Test
    void refusesBadChunks() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingChunk(UUID.randomUUID(), UUID.randomUUID(),
                1, 0, 1, UUID.randomUUID(), 0, 0, 1, BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> new TrainingChunk(UUID.randomUUID(), UUID.randomUUID(),
                1, 0, 1, UUID.randomUUID(), -1, 5, 1, BigInteger.ONE));
    }
}
