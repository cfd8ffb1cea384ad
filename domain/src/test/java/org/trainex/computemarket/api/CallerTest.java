package org.trainex.computemarket.api;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may read an order (issue 11 item 7): its consumer, the providers in its match, admins. */
class CallerTest {
    @Test
    void theConsumerMatchedProvidersAndAdminsReadOthersDoNot() {
        Set<String> matched = Set.of("provider");
        assertTrue(new Caller("consumer", false).mayRead("consumer", matched));
        assertTrue(new Caller("provider", false).mayRead("consumer", matched));
        assertTrue(new Caller("admin", true).mayRead("consumer", matched));
        assertFalse(new Caller("consumer2", false).mayRead("consumer", matched));
        assertFalse(new Caller("provider2", false).mayRead("consumer", matched));
        assertFalse(new Caller("provider", false).mayRead("consumer", Set.of()), "unmatched: the consumer's only");
        assertThrows(IllegalArgumentException.class, () -> new Caller(" ", false));
    }
}
