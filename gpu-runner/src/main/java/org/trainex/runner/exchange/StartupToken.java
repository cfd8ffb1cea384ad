package org.trainex.runner.exchange;

import dev.failsafe.Execution;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
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
 * the deadline, where the last attempt is made ({@link Backoff#startupToken}, recorded in a standalone Failsafe
 * execution; the pauses are slept here, in whole ms rounded up). It logs one warning when the waiting starts, the
 * problem again only when it changes, and one line when a token arrives or the time is up.
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
        Execution<Object> waiting = Execution.of(Backoff.startupToken(timeout, firstDelay, maxDelay).build());
        long start = System.nanoTime();
        String lastProblem = null;
        for (int attempt = 1; ; attempt++) {
            try {
                String token = tokens.accessToken();
                if (attempt > 1) {
                    LOG.info("OIDC token endpoint {} answered after {} attempt(s), {} s", what, attempt,
                            seconds(System.nanoTime() - start));
                }
                return token;
            } catch (ExchangeUnavailableException e) {
                waiting.recordException(e);
                String problem = e.getMessage();
                if (waiting.isComplete()) {
                    if (e instanceof CredentialsRejectedException) {
                        throw e;
                    }
                    throw new ExchangeUnavailableException("gave up after " + attempt + " attempt(s) over "
                            + seconds(System.nanoTime() - start) + " s (--start-timeout-seconds "
                            + timeout.toSeconds() + "): " + problem, e);
                }
                if (lastProblem == null) {
                    LOG.warn("{}; retrying for up to {} s (every {} s doubling to {} s), the runner waits", problem,
                            timeout.toSeconds(), pause(firstDelay), pause(maxDelay));
                } else if (!problem.equals(lastProblem)) {
                    LOG.warn("still no token after {} s: {}", seconds(System.nanoTime() - start), problem);
                } else {
                    LOG.debug("attempt {} failed: {}", attempt, problem);
                }
                lastProblem = problem;
                try {
                    // whole ms, rounded up: the attempt after the pause cut at the deadline is made at the deadline,
                    // not a fraction of a ms before it (which would be followed by more attempts at once)
                    Thread.sleep((waiting.getDelay().toNanos() + 999_999) / 1_000_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ExchangeUnavailableException("interrupted while waiting for the OIDC token endpoint "
                            + what, ie);
                }
            }
        }
    }

    /** Seconds with one decimal. */
    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /** A pause in seconds without trailing zeros: "1", "15", "0.05". */
    private static String pause(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private StartupToken() {
    }
}
