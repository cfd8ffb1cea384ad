package org.trainex.runner.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The runner's retry policies, exactly: each failure is recorded with a standalone Failsafe {@link Execution},
 * which answers the pause before the next attempt (no waiting, so the time limits are far away), or completes.
 */
class BackoffTest {
    static final URI BLOB = URI.create("http://127.0.0.1:1/trainex/api/blobs/x");

    /** The pauses after {@code failures.length} failures, in ms; -1 where the execution completed instead. */
    static List<Long> pauses(RetryPolicy<Object> policy, Throwable... failures) {
        Execution<Object> execution = Execution.of(policy);
        List<Long> pauses = new ArrayList<>();
        for (Throwable failure : failures) {
            execution.recordException(failure);
            if (execution.isComplete()) {
                pauses.add(-1L);
                break;
            }
            pauses.add(execution.getDelay().toMillis());
        }
        return pauses;
    }

    static Throwable[] times(int n, Throwable failure) {
        Throwable[] all = new Throwable[n];
        java.util.Arrays.fill(all, failure);
        return all;
    }

    @Test
    void aBlobRequestIsTriedFourTimesOnConnectionFailuresAndServerErrors() {
        ExchangeRequestException down = new ExchangeConnectionException("GET", BLOB, new ConnectException("refused"));
        ExchangeRequestException busy = new ExchangeHttpException("GET", BLOB, 503, "Service Unavailable");
        ExchangeRequestException slow = new ExchangeHttpException("GET", BLOB, 429, "");
        assertEquals(List.of(500L, 1000L, 2000L, -1L), pauses(Backoff.exchangeRequest().build(), down, busy, slow,
                busy));
        for (Throwable fatal : new Throwable[] {new ExchangeHttpException("GET", BLOB, 404, ""),
                new ExchangeHttpException("GET", BLOB, 403, "Forbidden"),
                new RunnerKeyRejectedException("GET", BLOB, "", true),
                new CredentialsRejectedException("rejected client"),
                new ExchangeUnavailableException("cannot reach the OIDC token endpoint")}) {
            assertEquals(List.of(-1L), pauses(Backoff.exchangeRequest().build(), fatal), fatal.toString());
        }
    }

    @Test
    void theFirstTokenIsAwaitedWithBackoffUntilTheTimeoutUnlessTheCredentialsAreRejected() {
        ExchangeUnavailableException down = new ExchangeUnavailableException("cannot reach the OIDC token endpoint");
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 15_000L, 15_000L, 15_000L),
                pauses(Backoff.startupToken(Duration.ofSeconds(120)).build(), times(7, down)));
        assertEquals(List.of(1000L, -1L), pauses(Backoff.startupToken(Duration.ofSeconds(120)).build(), down,
                new CredentialsRejectedException("rejected client 'x' (HTTP 401)")));
        assertEquals(List.of(-1L), pauses(Backoff.startupToken(Duration.ZERO).build(), down), "zero: one attempt");
        assertThrows(IllegalArgumentException.class, () -> Backoff.startupToken(Duration.ofSeconds(-1)));
    }

    @Test
    void theLastPauseEndsAtTheLimit() {
        // --start-timeout-seconds 1: the first pause (1 s) is the whole limit; one last attempt after it
        RetryPolicy<Object> oneSecond = Backoff.startupToken(Duration.ofSeconds(1)).build();
        Execution<Object> execution = Execution.of(oneSecond);
        execution.recordException(new ExchangeUnavailableException("down"));
        assertFalse(execution.isComplete());
        long pause = execution.getDelay().toMillis();
        assertTrue(pause > 900 && pause <= 1000, "cut at the limit: " + pause);
        assertEquals(Duration.ofSeconds(3), Backoff.limit(Duration.ofSeconds(3), Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(1).plusNanos(1), Backoff.limit(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void registrationRetriesAnOutageWithBackoffAndARefusalAtTheSlowPaceForEver() {
        Throwable failed = new IOException("any");
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16_000L, 30_000L, 30_000L, 30_000L),
                pauses(Backoff.exchangeOutage(Duration.ofSeconds(1), Duration.ofSeconds(30)).build(), times(8, failed)));
        assertEquals(List.of(50L, 100L, 200L, 400L, 400L),
                pauses(Backoff.exchangeOutage(Duration.ofMillis(50), Duration.ofMillis(400)).build(), times(5, failed)));
        assertEquals(List.of(400L, 400L), pauses(Backoff.exchangeOutage(Duration.ofMillis(400),
                Duration.ofMillis(400)).build(), times(2, failed)), "equal delays: a fixed pace");
        assertEquals(List.of(30_000L, 30_000L, 30_000L), pauses(Backoff.slowPace(Duration.ofSeconds(30)).build(),
                times(3, failed)));
        // results count as failures too (the registration records its answers)
        Execution<Object> outage = Execution.of(Backoff.exchangeOutage(Duration.ofSeconds(1),
                Duration.ofSeconds(30)).build());
        for (int i = 0; i < 1000; i++) {
            outage.recordResult("HTTP 503");
        }
        assertFalse(outage.isComplete(), "no limit");
        assertEquals(Duration.ofSeconds(30), outage.getDelay());
    }

    @Test
    void theBrokerIsReconnectedWithBackoffUnlessTheCredentialsAreRejected() {
        AtomicInteger fatalChecks = new AtomicInteger();
        RetryPolicy<Object> policy = Backoff.brokerReconnect(Duration.ofSeconds(600), e -> {
            fatalChecks.incrementAndGet();
            return e instanceof SecurityException;
        }).build();
        Throwable lost = new IllegalStateException("AMQ219015: The connection was disconnected");
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16_000L, 30_000L, 30_000L), pauses(policy, times(7, lost)),
                "the loss, then failed attempts");
        assertEquals(List.of(1000L, -1L), pauses(policy, lost, new SecurityException("AMQ229031")));
        assertTrue(fatalChecks.get() > 0);
        assertThrows(IllegalArgumentException.class, () -> Backoff.brokerReconnect(Duration.ZERO, e -> false));
    }
}
