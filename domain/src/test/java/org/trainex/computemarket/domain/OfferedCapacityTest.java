package org.trainex.computemarket.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trainex.shared.api.InvalidInputException;

/** The offered-capacity rule (issue 11 item 5, finding 5). */
class OfferedCapacityTest {
    static final Map<String, Long> EFF = Map.of("a", 3768L, "b", 1000L, "c", 3000L);

    static OfferedCapacity.Offer offer(long capacity, String... runners) {
        return new OfferedCapacity.Offer(Set.of(runners), capacity);
    }

    @Test
    void bidsOnOneRunnerFillItsCapacityExactlyAndNoFurther() {
        List<OfferedCapacity.Offer> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            OfferedCapacity.check(EFF, open, offer(1000, "a"));
            open.add(offer(1000, "a"));
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OfferedCapacity.check(EFF, open, offer(769, "a")));
        assertTrue(e.getMessage().contains("effective capacity of 3768 samples/s"), e.getMessage());
        assertTrue(e.getMessage().contains("3000 samples/s are already offered by 3 open bid(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 768 samples/s are free"), e.getMessage());
        OfferedCapacity.check(EFF, open, offer(768, "a")); // exactly full: no rounding error
    }

    @Test
    void aBidOnSeveralRunnersTakesEachInProportion() {
        // 2,000 of b+c (4,000): half of each runner; another 2,000 on both fits, a third does not
        List<OfferedCapacity.Offer> open = new ArrayList<>(List.of(offer(2000, "b", "c")));
        OfferedCapacity.check(EFF, open, offer(2000, "b", "c"));
        open.add(offer(2000, "b", "c"));
        assertThrows(InvalidInputException.class, () -> OfferedCapacity.check(EFF, open, offer(1, "c")));
        // a runner with no other bids is free
        OfferedCapacity.check(EFF, open, offer(3768, "a"));
    }

    @Test
    void otherRunnersBidsDoNotCount() {
        OfferedCapacity.check(EFF, List.of(offer(3000, "c"), offer(3768, "a")), offer(1000, "b"));
        assertThrows(InvalidInputException.class, () -> OfferedCapacity.check(EFF, List.of(offer(1, "b")),
                offer(1000, "b")));
    }

    @Test
    void aRunnerWithoutCapacityTakesNoBid() {
        assertThrows(InvalidInputException.class,
                () -> OfferedCapacity.check(Map.of("z", 0L), List.of(), offer(1, "z")));
    }
}
