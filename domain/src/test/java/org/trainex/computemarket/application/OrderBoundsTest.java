package org.trainex.computemarket.application;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trainex.computemarket.api.PlaceOrderCommand;
import org.trainex.shared.api.InvalidInputException;

/** The documented bounds of a training order's fields (issue 11 item 4 / finding 9). */
class OrderBoundsTest {
    static final UUID T = UUID.randomUUID();
    static final UUID E = UUID.randomUUID();

    static PlaceOrderCommand order(Integer epochs, Integer batch, Integer rounds, Long minCapacity, Long maxDuration,
                                   String maxPrice, List<UUID> more, List<String> regions) {
        return new PlaceOrderCommand(T, E, null, null, epochs, batch, null, minCapacity, maxDuration, maxPrice,
                regions, null, "0x90F79bf6EB2c4f870365E785982E1f101E93b906", more, rounds);
    }

    static String refused(PlaceOrderCommand c) {
        return assertThrows(InvalidInputException.class, () -> OrderService.checkBounds(c)).getMessage();
    }

    @Test
    void inBoundsPasses() {
        OrderService.checkBounds(order(100, 65_536, 50, 1_000_000_000L, 366L * 86400, "9".repeat(77), List.of(),
                List.of("eu")));
        OrderService.checkBounds(order(null, null, null, null, null, null, null, null));
    }

    @Test
    void everyFieldOutOfBoundsIsRefusedByName() {
        assertTrue(refused(order(0, null, null, null, null, null, null, null)).contains("epochs"));
        assertTrue(refused(order(101, null, null, null, null, null, null, null)).contains("epochs"));
        assertTrue(refused(order(null, 65_537, null, null, null, null, null, null)).contains("batchSize"));
        assertTrue(refused(order(null, null, 51, null, null, null, null, null)).contains("rounds"));
        assertTrue(refused(order(null, null, null, 0L, null, null, null, null)).contains("minCapacity"));
        assertTrue(refused(order(null, null, null, 1_000_000_001L, null, null, null, null)).contains("minCapacity"));
        assertTrue(refused(order(null, null, null, null, 366L * 86400 + 1, null, null, null))
                .contains("maxDurationSeconds"));
        assertTrue(refused(order(null, null, null, null, null, "-1", null, null)).contains("maxPriceWei"));
        assertTrue(refused(order(null, null, null, null, null, "1".repeat(79), null, null)).contains("maxPriceWei"));
        assertTrue(refused(order(null, null, null, null, null, null, Collections.nCopies(101, T), null))
                .contains("trainDatasetIds"));
        assertTrue(refused(order(null, null, null, null, null, null, null, Collections.nCopies(101, "eu")))
                .contains("regions"));
    }
}
