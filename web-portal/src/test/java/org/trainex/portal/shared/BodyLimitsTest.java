package org.trainex.portal.shared;

import static org.junit.jupiter.api.Assertions.*;

import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pure parts of the REST API's error handling: body limits, JSON detection, incident ids, problem bodies. */
class BodyLimitsTest {
    @Test
    void aStreamWithinItsLimitReadsToTheEnd() throws IOException {
        InputStream in = new BodyLimits.Limited(new ByteArrayInputStream(new byte[100]), 100, "a JSON body");
        assertEquals(100, in.readAllBytes().length);
        assertEquals(-1, in.read());
    }

    @Test
    void aStreamStopsWithTooLargeOneBytePastItsLimit() {
        InputStream in = new BodyLimits.Limited(new ByteArrayInputStream(new byte[101]), 100, "a JSON body");
        BodyLimits.TooLarge e = assertThrows(BodyLimits.TooLarge.class, in::readAllBytes);
        assertEquals("a JSON body larger than the limit of 100 bytes", e.getMessage());
        InputStream single = new BodyLimits.Limited(new ByteArrayInputStream(new byte[3]), 2, "an upload");
        assertDoesNotThrow(() -> single.read());
        assertDoesNotThrow(() -> single.read());
        assertThrows(BodyLimits.TooLarge.class, single::read);
    }

    @Test
    void aDeclaredLengthAboveTheLimitIsRefusedBeforeReading() {
        assertNull(BodyLimits.refusal("an upload", -1, 10), "unknown length: counted while read");
        assertNull(BodyLimits.refusal("an upload", 10, 10));
        assertEquals("an upload larger than the limit of 10 bytes (Content-Length 11)",
                BodyLimits.refusal("an upload", 11, 10));
    }

    @Test
    void tooLargeIsFoundAnywhereInTheCauseChain() {
        Exception wrapped = new RuntimeException(new UncheckedIOException(new BodyLimits.TooLarge("x")));
        assertTrue(BodyLimits.isTooLarge(wrapped));
        assertFalse(BodyLimits.isTooLarge(new RuntimeException(new IOException("broken pipe"))));
    }

    @Test
    void jsonMediaTypes() {
        assertTrue(JsonBodyLimit.isJson(null));
        assertTrue(JsonBodyLimit.isJson(new MediaType("application", "json")));
        assertTrue(JsonBodyLimit.isJson(new MediaType("application", "merge-patch+json")));
        assertFalse(JsonBodyLimit.isJson(new MediaType("application", "octet-stream")));
        assertFalse(JsonBodyLimit.isJson(new MediaType("text", "plain")));
    }

    @Test
    void incidentIdsAreRandomAndRecognised() {
        String a = Incidents.newId();
        assertTrue(Incidents.isId(a), a);
        assertNotEquals(a, Incidents.newId());
        assertFalse(Incidents.isId("<script>"));
        assertFalse(Incidents.isId(null));
    }

    @Test
    void problemDocumentsOfErrorPages() {
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"authentication "
                + "required: send an OIDC bearer token of the trainex realm (Authorization: Bearer ...)\"}",
                ErrorPages.problemJson(401, null));
        assertTrue(ErrorPages.problemJson(500, "0123456789ab").contains("\"incident\":\"0123456789ab\""));
    }

    @Test
    void wellFormedUuidsConvert() {
        UUID id = UUID.randomUUID();
        assertEquals(id, new UuidParamConverter().fromString(id.toString()));
        assertEquals(id, new UuidParamConverter().fromString(id.toString().toUpperCase()));
    }
}
