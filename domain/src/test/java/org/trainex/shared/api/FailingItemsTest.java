package org.trainex.shared.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class FailingItemsTest {
    private final Logger log = Logger.getLogger("FailingItemsTest");
    private final List<LogRecord> records = new ArrayList<>();

    FailingItemsTest() {
        log.setUseParentHandlers(false);
        log.setLevel(Level.ALL);
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Test
    void aFailingItemIsLoggedOnceAtWarningAndBacksOffDoubling() {
        FailingItems items = new FailingItems(log, "tally of proposal", Duration.ofSeconds(5), Duration.ofSeconds(30));
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(Duration.ofSeconds(5), items.failed("p1", new ArithmeticException("long overflow"), t));
        assertFalse(items.due("p1", t.plusSeconds(4)));
        assertTrue(items.due("p1", t.plusSeconds(5)));
        assertTrue(items.due("p2", t), "other items are not held back");
        assertEquals(Duration.ofSeconds(10), items.failed("p1", new ArithmeticException("long overflow"), t));
        assertEquals(Duration.ofSeconds(20), items.failed("p1", new ArithmeticException("long overflow"), t));
        assertEquals(Duration.ofSeconds(30), items.failed("p1", new ArithmeticException("long overflow"), t));
        assertEquals(Duration.ofSeconds(30), items.failed("p1", new ArithmeticException("long overflow"), t));
        long warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).count();
        assertEquals(1, warnings);
        assertTrue(records.stream().filter(r -> r.getLevel() == Level.WARNING).findFirst().orElseThrow()
                .getMessage().contains("p1"));
        items.succeeded("p1");
        assertTrue(items.due("p1", t));
        assertEquals(0, items.backingOff());
    }

    @Test
    void attemptNeverThrowsAndSkipsItemsThatBackOff() {
        FailingItems items = new FailingItems(log, "item");
        Instant t = Instant.now();
        assertNull(items.attempt("a", t, () -> {
            throw new IllegalStateException("boom");
        }));
        int[] runs = {0};
        assertFalse(items.run("a", t, () -> runs[0]++));
        assertEquals(0, runs[0], "an item backing off is not worked on");
        assertTrue(items.run("b", t, () -> runs[0]++));
        assertEquals(1, runs[0]);
    }
}
