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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.trainex.runner.FakeExchange;

/**
 * {@link StartupToken} in real time (Failsafe measures its time limit on the real clock) with the pauses shortened
 * twentyfold (50 ms doubling to 750 ms instead of 1 s doubling to 15 s); {@link BackoffTest} checks the production
 * pauses of the policy exactly.
 */
class StartupTokenTest {
    static final Duration FIRST = Duration.ofMillis(50);
    static final Duration MAX = Duration.ofMillis(750);
    /** When the token source was called, ns. */
    final List<Long> calls = new ArrayList<>();

    /** Fails {@code failures} times with {@code error}, then answers "tok"; records the time of each call. */
    TokenSource failing(int failures, ExchangeUnavailableException error) {
        return new TokenSource() {
            @Override
            public String accessToken() throws ExchangeUnavailableException {
                calls.add(System.nanoTime());
                if (calls.size() <= failures) {
                    throw error;
                }
                return "tok";
            }

            @Override
            public void invalidate() {
            }
        };
    }

    /** The pauses between the calls, ms. */
    List<Long> pauses() {
        List<Long> pauses = new ArrayList<>();
        for (int i = 1; i < calls.size(); i++) {
            pauses.add(TimeUnit.NANOSECONDS.toMillis(calls.get(i) - calls.get(i - 1)));
        }
        return pauses;
    }

    /** Each pause at least as long as expected (ms) and not much longer. */
    static void assertPauses(List<Long> expected, List<Long> actual) {
        assertEquals(expected.size(), actual.size(), "pauses " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(actual.get(i) >= expected.get(i) - 1 && actual.get(i) < expected.get(i) + 250,
                    "pause " + i + " of " + actual + ", expected " + expected);
        }
    }

    @Test
    void waitsWithBackoffUntilTheEndpointAnswers() throws Exception {
        String token = StartupToken.await(failing(6, new ExchangeUnavailableException("connection refused")),
                "http://kc/token", Duration.ofSeconds(120), FIRST, MAX);
        assertEquals("tok", token);
        assertEquals(7, calls.size());
        assertPauses(List.of(50L, 100L, 200L, 400L, 750L, 750L), pauses());
    }

    @Test
    void givesUpAfterTheTimeout() {
        long start = System.nanoTime(); // the deadline counts from the call, not from its first attempt
        ExchangeUnavailableException e = assertThrows(ExchangeUnavailableException.class, () -> StartupToken.await(
                failing(Integer.MAX_VALUE, new ExchangeUnavailableException("cannot reach the OIDC token endpoint")),
                "http://kc/token", Duration.ofSeconds(1), FIRST, MAX));
        assertFalse(e instanceof CredentialsRejectedException);
        // 50 + 100 + 200 + 400 = 750 ms, then the last 250 ms up to the deadline, then one last attempt (on a busy
        // machine the pauses run late, the cut one is then shorter, or there is no time left for it)
        List<Long> pauses = pauses();
        int n = calls.size();
        assertTrue(n == 6 || n == 5, "attempts, pauses " + pauses);
        assertPauses(List.of(50L, 100L, 200L, 400L).subList(0, n - 2), pauses.subList(0, n - 2));
        assertTrue(pauses.get(n - 2) <= (n == 6 ? 251 : 401), "the last pause is cut at the deadline: " + pauses);
        // the last attempt comes at the deadline, not before it, and the one before it came before the deadline
        // (how late after the deadline depends on the machine's scheduling; the cut pause above bounds the wait)
        double waited = (calls.get(n - 1) - start) / 1e9;
        double before = (calls.get(n - 2) - start) / 1e9;
        assertTrue(waited >= 0.999 && before < 1, "the last attempt at the deadline: " + pauses + ", at " + waited
                + " s");
        assertTrue(e.getMessage().matches("gave up after " + n + " attempt\\(s\\) over 1\\.\\d s "
                + "\\(--start-timeout-seconds 1\\): cannot reach the OIDC token endpoint"), e.getMessage());
    }

    @Test
    void aZeroTimeoutMeansOneAttempt() {
        ExchangeUnavailableException e = assertThrows(ExchangeUnavailableException.class, () -> StartupToken.await(
                failing(Integer.MAX_VALUE, new ExchangeUnavailableException("HTTP 503")), "http://kc/token",
                Duration.ZERO, FIRST, MAX));
        assertEquals(1, calls.size());
        assertTrue(e.getMessage().startsWith("gave up after 1 attempt(s) over 0.0 s (--start-timeout-seconds 0): "
                + "HTTP 503"), e.getMessage());
    }

    @Test
    void rejectedCredentialsFailAtOnce() {
        CredentialsRejectedException e = assertThrows(CredentialsRejectedException.class, () -> StartupToken.await(
                failing(1, new CredentialsRejectedException("rejected client 'x' (HTTP 401)")),
                "http://kc/token", Duration.ofSeconds(120), FIRST, MAX));
        assertEquals("rejected client 'x' (HTTP 401)", e.getMessage());
        assertEquals(1, calls.size());
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
