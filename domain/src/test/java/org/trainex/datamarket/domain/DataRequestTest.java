package org.trainex.datamarket.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trainex.shared.api.InvalidInputException;

class DataRequestTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Instant DEADLINE = NOW.plus(Duration.ofDays(7));

    static DataRequest request(List<Integer> labels) {
        return new DataRequest(UUID.randomUUID(), "initiator", "Fashion items", "28x28 grey images", 28, 28, labels,
                60000, 0.5, 0.1, 3600, DEADLINE, NOW);
    }

    static IdxInspector.Summary data(int rows, int cols, long... histogram) {
        long n = 0;
        for (long h : histogram) {
            n += h;
        }
        return new IdxInspector.Summary((int) n, rows, cols, histogram.length, histogram);
    }

    @Test
    void keepsTheRulesAsFractionsAndTheLabelSetSorted() {
        DataRequest r = request(List.of(3, 1, 0, 2));
        assertEquals(List.of(0, 1, 2, 3), r.labels());
        assertEquals(0.5, r.toView(0).voteThreshold());
        assertEquals(0.1, r.toView(0).quorum());
        assertEquals("OPEN", r.toView(0).state());
    }

    @Test
    void refusesBadRequestsNamingTheField() {
        assertMessage("title", () -> new DataRequest(UUID.randomUUID(), "i", " ", "", 28, 28, List.of(0, 1), 10, 0.5,
                0.1, 60, DEADLINE, NOW));
        assertMessage("at least two labels", () -> request(List.of(7)));
        assertMessage("repeats", () -> request(List.of(1, 1, 2)));
        assertMessage("0 to 255", () -> request(List.of(0, 256)));
        assertMessage("voteThreshold", () -> new DataRequest(UUID.randomUUID(), "i", "t", "", 28, 28, List.of(0, 1),
                10, 0, 0.1, 60, DEADLINE, NOW));
        assertMessage("quorum", () -> new DataRequest(UUID.randomUUID(), "i", "t", "", 28, 28, List.of(0, 1), 10, 0.5,
                1.5, 60, DEADLINE, NOW));
        assertMessage("deadline", () -> new DataRequest(UUID.randomUUID(), "i", "t", "", 28, 28, List.of(0, 1), 10,
                0.5, 0.1, 60, NOW.minusSeconds(1), NOW));
        assertMessage("image size", () -> new DataRequest(UUID.randomUUID(), "i", "t", "", 0, 28, List.of(0, 1), 10,
                0.5, 0.1, 60, DEADLINE, NOW));
    }

    @Test
    void acceptsOnlyDataOfItsSchemaWhileOpen() {
        DataRequest r = request(List.of(0, 1, 2, 3, 4));
        r.accepts(data(28, 28, 5, 5, 0, 3, 1), NOW);
        assertMessage("32x32 pixels, the request wants 28x28", () -> r.accepts(data(32, 32, 5, 5), NOW));
        assertMessage("labels outside the label set [0, 1, 2, 3, 4]: [7, 9]",
                () -> r.accepts(data(28, 28, 1, 1, 0, 0, 0, 0, 0, 4, 0, 2), NOW));
        assertMessage("stopped taking proposals", () -> r.accepts(data(28, 28, 5, 5), DEADLINE));
        r.close("initiator", NOW);
        assertMessage("closed", () -> r.accepts(data(28, 28, 5, 5), NOW));
    }

    static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        InvalidInputException ex = assertThrows(InvalidInputException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
