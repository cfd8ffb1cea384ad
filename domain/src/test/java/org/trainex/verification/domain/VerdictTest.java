package org.trainex.verification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The verification seam's verdicts (issue 12 item 2). */
class VerdictTest {
    @Test
    void tierNonePassesStraightThroughOtherTiersWait() {
        Instant now = Instant.now();
        assertEquals(Verdict.Outcome.VERIFIED,
                Verdict.of(UUID.randomUUID(), UUID.randomUUID(), true, "none", now).outcome());
        assertEquals(Verdict.Outcome.VERIFIED,
                Verdict.of(UUID.randomUUID(), UUID.randomUUID(), false, "none", now).outcome(),
                "a failed job's accepted work passes too (it is paid, the rest refunded)");
        assertEquals(Verdict.Outcome.PENDING,
                Verdict.of(UUID.randomUUID(), UUID.randomUUID(), true, "pol", now).outcome());
        assertThrows(IllegalArgumentException.class,
                () -> Verdict.of(UUID.randomUUID(), UUID.randomUUID(), true, " ", now));
    }
}
