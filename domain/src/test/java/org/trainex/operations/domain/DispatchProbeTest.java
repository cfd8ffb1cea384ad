package org.trainex.operations.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trainex.shared.api.InvalidInputException;

class DispatchProbeTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void taskIdsAreDistinctRandomLookingAndMapBackToTheirChunk() {
        UUID id = UUID.randomUUID();
        DispatchProbe p = new DispatchProbe(id, 1_000_000, 1_000, "admin", NOW);
        Set<UUID> seen = new HashSet<>();
        for (int seq : new int[] {1, 2, 3, 999_999, 1_000_000, 524_288, 65_536}) {
            UUID t = p.taskId(seq);
            assertEquals(4, t.version());
            assertEquals(2, t.variant());
            assertTrue(seen.add(t));
            assertEquals(OptionalInt.of(seq), p.seqOf(t));
        }
        assertEquals(OptionalInt.empty(), p.seqOf(id), "the probe id itself is chunk 0: not a chunk");
        assertEquals(OptionalInt.empty(), p.seqOf(UUID.randomUUID()));
        assertEquals(OptionalInt.empty(), p.seqOf(DispatchProbe.taskId(id, 1_000_001)));
        assertEquals(OptionalInt.empty(), p.seqOf(new UUID(id.getMostSignificantBits() + 1, id.getLeastSignificantBits() ^ 5)));
        assertThrows(IllegalArgumentException.class, () -> p.taskId(0));
        assertThrows(IllegalArgumentException.class, () -> p.taskId(1_000_001));
    }

    @Test
    void batchesTileTheChunks() {
        DispatchProbe p = new DispatchProbe(UUID.randomUUID(), 2_001, 1_000, "admin", NOW);
        assertEquals(new DispatchProbe.Batch(0, 1, 1_000), p.dispatchedBatch(NOW.plusSeconds(1)));
        assertEquals(new DispatchProbe.Batch(1, 1_001, 1_000), p.dispatchedBatch(NOW.plusSeconds(2)));
        assertEquals(new DispatchProbe.Batch(2, 2_001, 1), p.nextBatch().orElseThrow());
        assertEquals(new DispatchProbe.Batch(2, 2_001, 1), p.dispatchedBatch(NOW.plusSeconds(3)));
        assertTrue(p.fullyDispatched());
        assertTrue(p.nextBatch().isEmpty());
        assertThrows(IllegalStateException.class, () -> p.dispatchedBatch(NOW));
        assertEquals(NOW.plusSeconds(1), p.firstDispatchAt());
        assertEquals(NOW.plusSeconds(3), p.lastDispatchAt());
        assertEquals(2_001, p.dispatched());
    }

    @Test
    void aCancelledProbeDispatchesNoMore() {
        DispatchProbe p = new DispatchProbe(UUID.randomUUID(), 2_001, 1_000, "admin", NOW);
        p.dispatchedBatch(NOW);
        p.cancel(NOW.plusSeconds(1));
        p.cancel(NOW.plusSeconds(2));
        assertEquals(NOW.plusSeconds(1), p.cancelledAt());
        assertTrue(p.nextBatch().isEmpty());
        assertTrue(p.dispatchEnded());
        assertTrue(!p.fullyDispatched());
        assertThrows(IllegalStateException.class, () -> p.dispatchedBatch(NOW));
    }

    @Test
    void badArgumentsAreNamed() {
        UUID id = UUID.randomUUID();
        assertThrows(InvalidInputException.class, () -> new DispatchProbe(id, 0, 1, "a", NOW));
        assertThrows(InvalidInputException.class, () -> new DispatchProbe(id, 1_000_001, 1, "a", NOW));
        assertThrows(InvalidInputException.class, () -> new DispatchProbe(id, 1, 0, "a", NOW));
        assertThrows(InvalidInputException.class, () -> new DispatchProbe(id, 1, 1, "", NOW));
        assertThrows(IllegalArgumentException.class, () -> new DispatchProbe(new UUID(0, 0), 1, 1, "a", NOW));
    }
}
