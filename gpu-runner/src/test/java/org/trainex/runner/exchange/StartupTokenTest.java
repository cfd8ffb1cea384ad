package org.trainex.runner.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.trainex.runner.FakeExchange;

class StartupTokenTest {
    /** Fake time: the sleeper advances the clock. */
    final long[] now = {0};
    final List<Duration> pauses = new ArrayList<>();
    final StartupToken.Sleeper sleeper = d -> {
        pauses.add(d);
        now[0] += d.toNanos();
    };

    /** Fails {@code failures} times with {@code error}, then answers "tok". */
    static TokenSource failing(int failures, ExchangeUnavailableException error, AtomicInteger calls) {
        return new TokenSource() {
            @Override
            public String accessToken() throws ExchangeUnavailableException {
                if (calls.incrementAndGet() <= failures) {
                    throw error;
                }
                return "tok";
            }

            @Override
            public void invalidate() {
            }
        };
    }

    @Test
    void waitsWithBackoffUntilTheEndpointAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String token = StartupToken.await(failing(6, new ExchangeUnavailableException("connection refused"), calls),
                "http://kc/token", Duration.ofSeconds(120), sleeper, () -> now[0]);
        assertEquals("tok", token);
        assertEquals(7, calls.get());
        assertEquals(List.of(1L, 2L, 4L, 8L, 15L, 15L), pauses.stream().map(Duration::toSeconds).toList());
    }

    @Test
    void givesUpAfterTheTimeout() {
        AtomicInteger calls = new AtomicInteger();
        ExchangeUnavailableException e = assertThrows(ExchangeUnavailableException.class, () -> StartupToken.await(
                failing(Integer.MAX_VALUE, new ExchangeUnavailableException("cannot reach the OIDC token endpoint"),
                        calls), "http://kc/token", Duration.ofSeconds(20), sleeper, () -> now[0]));
        assertFalse(e instanceof CredentialsRejectedException);
        // 1 + 2 + 4 + 8 = 15 s, then the last 5 s up to the deadline, then one last attempt
        assertEquals(List.of(1L, 2L, 4L, 8L, 5L), pauses.stream().map(Duration::toSeconds).toList());
        assertEquals(6, calls.get());
        assertEquals(Duration.ofSeconds(20).toNanos(), now[0]);
        assertTrue(e.getMessage().startsWith("gave up after 6 attempt(s) over 20.0 s (--start-timeout-seconds 20): "
                + "cannot reach the OIDC token endpoint"), e.getMessage());
    }

    @Test
    void rejectedCredentialsFailAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        CredentialsRejectedException e = assertThrows(CredentialsRejectedException.class, () -> StartupToken.await(
                failing(1, new CredentialsRejectedException("rejected client 'x' (HTTP 401)"), calls),
                "http://kc/token", Duration.ofSeconds(120), sleeper, () -> now[0]));
        assertEquals("rejected client 'x' (HTTP 401)", e.getMessage());
        assertEquals(1, calls.get());
        assertTrue(pauses.isEmpty());
    }

    @Test
    void theOidcClientTellsRejectionFromUnavailability() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (FakeExchange exchange = new FakeExchange("runner-client", "secret", "rk_unused")) {
            OidcClientCredentials wrong = new OidcClientCredentials(http, exchange.tokenUrl(), "runner-client",
                    "wrong", Clock.systemUTC());
            ExchangeUnavailableException e = assertThrows(ExchangeUnavailableException.class, wrong::accessToken);
            assertInstanceOf(CredentialsRejectedException.class, e);
            assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("TRAINEX_RUNNER_CLIENT_SECRET"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("wrong"), "no secret in the message");
        }
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        OidcClientCredentials down = new OidcClientCredentials(http,
                URI.create("http://127.0.0.1:" + closedPort + "/token"), "runner-client", "secret", Clock.systemUTC());
        ExchangeUnavailableException e = assertThrows(ExchangeUnavailableException.class, down::accessToken);
        assertFalse(e instanceof CredentialsRejectedException);
        assertTrue(e.getMessage().startsWith("cannot reach the OIDC token endpoint"), e.getMessage());
    }
}
