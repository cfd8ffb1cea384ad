package org.trainex.runner.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class RunnerKeyTest {
    @Test
    void isAHeaderValueAndNeverPrinted() {
        RunnerKey key = new RunnerKey("rk_AbC-123.xyz~");
        assertEquals("RunnerKey[****]", key.toString());
        HttpRequest request = key.addTo(HttpRequest.newBuilder(URI.create("http://127.0.0.1/x"))).build();
        assertEquals("rk_AbC-123.xyz~", request.headers().firstValue("Trainex-Runner-Key").orElseThrow());
        for (String bad : new String[] {"", "has space", "tab\there", "line\nbreak", "é", "k".repeat(1001)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunnerKey(bad), bad);
            assertFalse(!bad.isEmpty() && e.getMessage().contains(bad), "the key must not appear: " + e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> new RunnerKey(null));
    }

    @Test
    void recognisesA401AboutTheKey() {
        assertTrue(RunnerKey.rejectedBy(401, "{\"detail\":\"unknown Trainex-Runner-Key\"}"));
        assertTrue(RunnerKey.rejectedBy(401, "{\"title\":\"Unauthorized\",\"detail\":\"Runner key revoked\"}"));
        assertFalse(RunnerKey.rejectedBy(401, ""), "a bare 401 is about the bearer token");
        assertFalse(RunnerKey.rejectedBy(401, null));
        assertFalse(RunnerKey.rejectedBy(403, "{\"detail\":\"task does not name this blob (runner key ok)\"}"));
    }
}
