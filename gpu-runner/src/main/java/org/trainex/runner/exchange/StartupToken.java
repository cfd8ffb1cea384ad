package org.trainex.runner.exchange;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.event.ExecutionCompletedEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's first access token, waited for: a runner started together with the exchange (or while Keycloak
 * restarts) must not exit just because the token endpoint does not answer yet.
 *
 * <p>{@link #await} asks the {@link TokenSource} for a token; while the endpoint is unreachable or answers
 * anything but a token or a credentials rejection (connection refused, HTTP 5xx, 404 while the realm is being
 * imported), it tries again after 1 s, then 2 s, 4 s, 8 s and every 15 s (doubling, capped at
 * {@link #MAX_DELAY}) until {@code timeout} has passed since the first attempt; the last pause is cut to end at
 * the deadline, where the last attempt is made ({@link Backoff#startupToken}). It logs one warning when the
 * waiting starts, the problem again only when it changes, and one line when a token arrives or the time is up.
 *
 * <p>Errors: a {@link CredentialsRejectedException} (HTTP 400/401: wrong client id or secret) is thrown at once,
 * without waiting; after the timeout an {@link ExchangeUnavailableException} names the endpoint problem, the
 * attempts and the seconds waited (the runner exits with code 4, as before).
 */
public final class StartupToken {
    /** First pause between attempts. */
    public static final Duration FIRST_DELAY = Backoff.TOKEN_FIRST_DELAY;
    /** Longest pause between attempts. */
    public static final Duration MAX_DELAY = Backoff.TOKEN_MAX_DELAY;
    private static final Logger LOG = LoggerFactory.getLogger(StartupToken.class);

    /**
     * Waits for a first token.
     *
     * @param what    where tokens come from, for log lines (the token endpoint URL)
     * @param timeout how long to keep trying after the first attempt (seconds in the options); zero: one attempt
     * @return the access token
     * @throws CredentialsRejectedException at once if the client credentials are rejected
     * @throws ExchangeUnavailableException after {@code timeout}, or when interrupted
     */
    public static String await(TokenSource tokens, String what, Duration timeout)
            throws ExchangeUnavailableException {
        return await(tokens, what, timeout, FIRST_DELAY, MAX_DELAY);
    }

    /**
     * As {@link #await(TokenSource, String, Duration)} with other pauses: {@code firstDelay} doubling to
     * {@code maxDelay} (tests shorten them).
     */
    static String await(TokenSource tokens, String what, Duration timeout, Duration firstDelay, Duration maxDelay)
            throws ExchangeUnavailableException {
        Objects.requireNonNull(tokens);
        AtomicReference<String> lastProblem = new AtomicReference<>();
        RetryPolicy<Object> policy = Backoff.startupToken(timeout, firstDelay, maxDelay)
                .onRetryScheduled(e -> {
                    String problem = e.getLastException().getMessage();
                    String previous = lastProblem.getAndSet(problem);
                    if (previous == null) {
                        LOG.warn("{}; retrying for up to {} s (every {} s doubling to {} s), the runner waits",
                                problem, timeout.toSeconds(), pause(firstDelay), pause(maxDelay));
                    } else if (!problem.equals(previous)) {
                        LOG.warn("still no token after {} s: {}", seconds(e.getElapsedTime()), problem);
                    } else {
                        LOG.debug("attempt {} failed: {}", e.getAttemptCount(), problem);
                    }
                })
                .build();
        AtomicReference<ExecutionCompletedEvent<Object>> failure = new AtomicReference<>();
        try {
            return Failsafe.with(policy)
                    .onSuccess(e -> {
                        if (e.getAttemptCount() > 1) {
                            LOG.info("OIDC token endpoint {} answered after {} attempt(s), {} s", what,
                                    e.getAttemptCount(), seconds(e.getElapsedTime()));
                        }
                    })
                    .onFailure(failure::set)
                    .get(tokens::accessToken);
        } catch (FailsafeException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new ExchangeUnavailableException("interrupted while waiting for the OIDC token endpoint "
                        + what, cause);
            }
            if (cause instanceof CredentialsRejectedException rejected) {
                throw rejected;
            }
            if (cause instanceof ExchangeUnavailableException unavailable) {
                ExecutionCompletedEvent<Object> end = failure.get();
                throw new ExchangeUnavailableException("gave up after " + end.getAttemptCount() + " attempt(s) over "
                        + seconds(end.getElapsedTime()) + " s (--start-timeout-seconds " + timeout.toSeconds()
                        + "): " + unavailable.getMessage(), unavailable);
            }
            throw e;
        }
    }

    /** Seconds with one decimal. */
    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toNanos() / 1e9);
    }

    /** A pause in seconds without trailing zeros: "1", "15", "0.05". */
    private static String pause(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private StartupToken() {
    }
}
