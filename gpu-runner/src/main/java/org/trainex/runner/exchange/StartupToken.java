package org.trainex.runner.exchange;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's first access token, waited for: a runner started together with the exchange (or while Keycloak
 * restarts) must not exit just because the token endpoint does not answer yet.
 *
 * <p>{@link #await} asks the {@link TokenSource} for a token; while the endpoint is unreachable or answers
 * anything but a token or a credentials rejection (connection refused, HTTP 5xx, 404 while the realm is being
 * imported), it tries again after 1 s, then 2 s, 4 s, 8 s and every 15 s (doubling, capped at
 * {@link #MAX_DELAY}) until {@code timeout} has passed since the first attempt; the last attempt is made at the
 * deadline. It logs one warning when the waiting starts, the problem again only when it changes, and one line
 * when a token arrives or the time is up.
 *
 * <p>Errors: a {@link CredentialsRejectedException} (HTTP 400/401: wrong client id or secret) is thrown at once,
 * without waiting; after the timeout an {@link ExchangeUnavailableException} names the endpoint problem, the
 * attempts and the seconds waited (the runner exits with code 4, as before).
 */
public final class StartupToken {
    /** First pause between attempts. */
    public static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    /** Longest pause between attempts. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(StartupToken.class);

    /** How to pause (tests pass a fake that advances a fake clock). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * Waits for a first token with real time ({@link System#nanoTime()}, {@link Thread#sleep(long)}).
     *
     * @param what    where tokens come from, for log lines (the token endpoint URL)
     * @param timeout how long to keep trying after the first attempt (seconds in the options); zero: one attempt
     * @return the access token
     * @throws CredentialsRejectedException  at once if the client credentials are rejected
     * @throws ExchangeUnavailableException after {@code timeout}, or when interrupted
     */
    public static String await(TokenSource tokens, String what, Duration timeout)
            throws ExchangeUnavailableException {
        return await(tokens, what, timeout, d -> Thread.sleep(d.toMillis()), System::nanoTime);
    }

    /** As {@link #await(TokenSource, String, Duration)}, with the given clock (ns) and sleeper. */
    public static String await(TokenSource tokens, String what, Duration timeout, Sleeper sleeper, LongSupplier nanos)
            throws ExchangeUnavailableException {
        Objects.requireNonNull(tokens);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        long start = nanos.getAsLong();
        long deadline = start + timeout.toNanos();
        Duration delay = FIRST_DELAY;
        String lastProblem = null;
        for (int attempt = 1; ; attempt++) {
            try {
                String token = tokens.accessToken();
                if (attempt > 1) {
                    LOG.info("OIDC token endpoint {} answered after {} attempt(s), {} s", what, attempt,
                            seconds(nanos.getAsLong() - start));
                }
                return token;
            } catch (CredentialsRejectedException e) {
                throw e;
            } catch (ExchangeUnavailableException e) {
                long now = nanos.getAsLong();
                String problem = e.getMessage();
                if (now - deadline >= 0) {
                    throw new ExchangeUnavailableException("gave up after " + attempt + " attempt(s) over "
                            + seconds(now - start) + " s (--start-timeout-seconds " + timeout.toSeconds()
                            + "): " + problem, e);
                }
                if (lastProblem == null) {
                    LOG.warn("{}; retrying for up to {} s (every 1 s doubling to {} s), the runner waits", problem,
                            timeout.toSeconds(), MAX_DELAY.toSeconds());
                } else if (!problem.equals(lastProblem)) {
                    LOG.warn("still no token after {} s: {}", seconds(now - start), problem);
                } else {
                    LOG.debug("attempt {} failed: {}", attempt, problem);
                }
                lastProblem = problem;
                Duration pause = delay;
                long left = deadline - now;
                if (pause.toNanos() > left) {
                    pause = Duration.ofNanos(left);
                }
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ExchangeUnavailableException("interrupted while waiting for the OIDC token endpoint "
                            + what, ie);
                }
                delay = delay.multipliedBy(2);
                if (delay.compareTo(MAX_DELAY) > 0) {
                    delay = MAX_DELAY;
                }
            }
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private StartupToken() {
    }
}
