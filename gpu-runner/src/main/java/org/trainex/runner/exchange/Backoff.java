package org.trainex.runner.exchange;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.function.CheckedPredicate;
import dev.failsafe.function.CheckedSupplier;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Every retry policy of the runner, in one place (DESIGN.md convention 17: retries and back-off through one
 * well-kept library, here Failsafe; ADR 0014). Each method answers a Failsafe {@link RetryPolicyBuilder} with the
 * delays, limits and the failures that are retried; callers may add their log lines as listeners, and build it. Delays
 * double from the first to the longest (Failsafe's exponential backoff, factor 2, no jitter); where a policy has a
 * time limit, the last pause is cut to end at the limit, one last attempt is made there, and the policy gives up
 * once the limit has passed at a failure (Failsafe's {@code maxDuration}).
 *
 * <table>
 *   <caption>the policies</caption>
 *   <tr><th>policy</th><th>retried</th><th>pauses</th><th>limit</th></tr>
 *   <tr><td>{@link #exchangeRequest()}: a blob GET or PUT</td><td>{@link ExchangeRequestException#retryable()}:
 *       no connection, HTTP 5xx, 429</td><td>0.5 s, 1 s, 2 s</td><td>{@value #REQUEST_ATTEMPTS} attempts</td></tr>
 *   <tr><td>{@link #startupToken(Duration)}: the first OIDC token</td><td>any {@link ExchangeUnavailableException}
 *       but a {@link CredentialsRejectedException}</td><td>1 s doubling to 15 s</td><td>the timeout
 *       ({@code --start-timeout-seconds}); zero: one attempt</td></tr>
 *   <tr><td>{@link #exchangeOutage(Duration, Duration)}: registration and heartbeats</td><td>every failure</td>
 *       <td>1 s doubling to 30 s</td><td>none (until it succeeds)</td></tr>
 *   <tr><td>{@link #slowPace(Duration)}: registration refused (4xx, rejected key or credentials)</td><td>every
 *       failure</td><td>30 s each</td><td>none</td></tr>
 *   <tr><td>{@link #brokerReconnect(Duration, CheckedPredicate)}: a lost broker connection</td><td>all but the
 *       fatal ones (rejected credentials)</td><td>1 s doubling to 30 s</td><td>{@code --reconnect-seconds}</td>
 *   </tr>
 * </table>
 */
public final class Backoff {
    /** Attempts of one blob request (so 3 retries). */
    public static final int REQUEST_ATTEMPTS = 4;
    /** Pause after the first failed blob request; doubles up to {@link #REQUEST_MAX_DELAY}. */
    public static final Duration REQUEST_FIRST_DELAY = Duration.ofMillis(500);
    /** Longest pause between blob request attempts. */
    public static final Duration REQUEST_MAX_DELAY = Duration.ofSeconds(2);
    /** First pause while waiting for the first OIDC token at start. */
    public static final Duration TOKEN_FIRST_DELAY = Duration.ofSeconds(1);
    /** Longest pause while waiting for the first OIDC token at start. */
    public static final Duration TOKEN_MAX_DELAY = Duration.ofSeconds(15);
    /** First pause after registration or a heartbeat failed. */
    public static final Duration OUTAGE_FIRST_DELAY = Duration.ofSeconds(1);
    /** Longest pause after registration or heartbeats failed, and the pace after a refusal. */
    public static final Duration OUTAGE_MAX_DELAY = Duration.ofSeconds(30);
    /** First pause after the broker connection was lost. */
    public static final Duration RECONNECT_FIRST_DELAY = Duration.ofSeconds(1);
    /** Longest pause between two attempts to reconnect to the broker. */
    public static final Duration RECONNECT_MAX_DELAY = Duration.ofSeconds(30);

    /**
     * One request of the blob store: retried on a failure that may pass ({@link ExchangeRequestException#retryable()}:
     * no connection, HTTP 5xx, 429) after 0.5 s, 1 s and 2 s, {@value #REQUEST_ATTEMPTS} attempts in all; anything
     * else (a 4xx, a rejected key, the token endpoint) is not retried.
     */
    public static RetryPolicyBuilder<Object> exchangeRequest() {
        return RetryPolicy.builder()
                .handleIf(e -> e instanceof ExchangeRequestException r && r.retryable())
                .withBackoff(REQUEST_FIRST_DELAY, REQUEST_MAX_DELAY)
                .withMaxAttempts(REQUEST_ATTEMPTS);
    }

    /** {@link #startupToken(Duration, Duration, Duration)} with 1 s doubling to 15 s. */
    public static RetryPolicyBuilder<Object> startupToken(Duration timeout) {
        return startupToken(timeout, TOKEN_FIRST_DELAY, TOKEN_MAX_DELAY);
    }

    /**
     * Waiting for the first OIDC token: every {@link ExchangeUnavailableException} of the token source is retried
     * (endpoint unreachable, HTTP 5xx, a realm still being imported), except a {@link CredentialsRejectedException}
     * (wrong client id or secret: waiting does not help), for {@code timeout} after the first attempt.
     *
     * @param timeout    how long to keep trying; zero: one attempt
     * @param firstDelay the first pause (doubling up to {@code maxDelay}); shorter in tests
     * @throws IllegalArgumentException if {@code timeout} is negative or the delays are not positive and increasing
     */
    public static RetryPolicyBuilder<Object> startupToken(Duration timeout, Duration firstDelay, Duration maxDelay) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        RetryPolicyBuilder<Object> policy = RetryPolicy.builder()
                .handle(ExchangeUnavailableException.class)
                .abortOn(CredentialsRejectedException.class)
                .withBackoff(firstDelay, maxDelay);
        return timeout.isZero() ? policy.withMaxRetries(0) : policy.withMaxRetries(-1)
                .withMaxDuration(limit(timeout, firstDelay));
    }

    /**
     * An outage of the exchange for registration and heartbeats: every recorded failure is retried, after
     * {@code firstDelay} doubling to {@code maxDelay}, without limit. Meant for a standalone Failsafe
     * {@link dev.failsafe.Execution} per outage (the caller records the failures and waits itself).
     *
     * @throws IllegalArgumentException if the delays are not positive or {@code maxDelay < firstDelay}
     */
    public static RetryPolicyBuilder<Object> exchangeOutage(Duration firstDelay, Duration maxDelay) {
        RetryPolicyBuilder<Object> policy = RetryPolicy.builder().handleIf((result, failure) -> true)
                .withMaxRetries(-1);
        // Failsafe's backoff needs maxDelay > firstDelay; equal delays are a fixed pace
        return firstDelay.equals(maxDelay) ? policy.withDelay(firstDelay) : policy.withBackoff(firstDelay, maxDelay);
    }

    /**
     * The slow pace after the exchange refused a request (HTTP 4xx, a rejected runner key or client credentials):
     * every recorded failure is retried after {@code pace}, without limit (the configuration must change; the
     * exchange may also come to accept it). Meant for a standalone {@link dev.failsafe.Execution}.
     */
    public static RetryPolicyBuilder<Object> slowPace(Duration pace) {
        return RetryPolicy.builder().handleIf((result, failure) -> true).withMaxRetries(-1).withDelay(pace);
    }

    /**
     * Reconnecting to a lost broker: every failure but a {@code fatal} one is retried, after 1 s doubling to 30 s,
     * until {@code reconnectFor} has passed since the execution started (the loss). Meant for a standalone
     * {@link dev.failsafe.Execution} that records the loss as its first failure, so that the first attempt follows
     * 1 s after it, and whose waits the caller can cut short.
     *
     * @param reconnectFor positive: how long to keep trying
     * @param fatal        the failures that end the reconnection at once (the broker rejects the credentials)
     * @throws IllegalArgumentException if {@code reconnectFor} is not positive
     */
    public static RetryPolicyBuilder<Object> brokerReconnect(Duration reconnectFor,
                                                             CheckedPredicate<? extends Throwable> fatal) {
        if (reconnectFor.isNegative() || reconnectFor.isZero()) {
            throw new IllegalArgumentException("reconnectFor must be positive: " + reconnectFor);
        }
        return RetryPolicy.builder()
                .abortOn(Objects.requireNonNull(fatal))
                .withBackoff(RECONNECT_FIRST_DELAY, RECONNECT_MAX_DELAY)
                .withMaxRetries(-1)
                .withMaxDuration(limit(reconnectFor, RECONNECT_FIRST_DELAY));
    }

    /**
     * Runs {@code action} under {@code policy} on this thread (Failsafe sleeps between attempts) and answers its
     * result, or throws the last failure as it was thrown: an {@link IOException} or a {@link RuntimeException}
     * (Failsafe wraps checked exceptions; this unwraps them). Meant for policies without a time limit: Failsafe
     * sleeps whole milliseconds, rounded down, so at a limit the attempt after the cut pause would come a fraction
     * of a millisecond early and more would follow at once ({@link StartupToken} and the broker reconnection
     * record their failures in a standalone {@link dev.failsafe.Execution} and wait themselves).
     *
     * @param interruptedWhile what was going on, for the error when the thread is interrupted during a pause:
     *                         {@code "interrupted while " + interruptedWhile}
     * @throws ExchangeUnavailableException interrupted during a pause (the interrupt flag is set again)
     */
    public static <T> T get(RetryPolicy<Object> policy, CheckedSupplier<T> action, String interruptedWhile)
            throws IOException {
        try {
            return Failsafe.with(policy).get(action);
        } catch (FailsafeException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new ExchangeUnavailableException("interrupted while " + interruptedWhile, cause);
            }
            throw e;
        }
    }

    /**
     * The limit as Failsafe's {@code maxDuration}, which must exceed the first delay: a limit that does not becomes
     * the first delay plus 1 ns, i.e. one pause of the first delay, one last attempt, and no more. For a limit equal
     * to the first delay ({@code --start-timeout-seconds 1}, {@code --reconnect-seconds 1}) that is what the limit
     * means; a shorter one (possible only through the API) waits the first delay instead of less.
     */
    static Duration limit(Duration limit, Duration firstDelay) {
        return limit.compareTo(firstDelay) > 0 ? limit : firstDelay.plusNanos(1);
    }

    private Backoff() {
    }
}
