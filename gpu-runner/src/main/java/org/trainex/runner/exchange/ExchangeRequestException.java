package org.trainex.runner.exchange;

import java.net.URI;
import java.util.Objects;

/**
 * One request to the exchange got no usable answer: the connection failed ({@link ExchangeConnectionException})
 * or the exchange answered with an error status ({@link ExchangeHttpException}). Thrown by {@link ExchangeClient}
 * for a single attempt; {@link #retryable()} says whether trying again later may help, and {@link Backoff} retries
 * exactly those. Callers turn what is left after their retries into their own errors (a blob that does not exist is
 * the task's fault; an exchange that stays down is not).
 */
public abstract sealed class ExchangeRequestException extends ExchangeUnavailableException
        permits ExchangeConnectionException, ExchangeHttpException {
    private final String method;
    private final URI uri;

    ExchangeRequestException(String method, URI uri, String problem, Throwable cause) {
        super(method + " " + uri + " failed: " + problem, cause);
        this.method = Objects.requireNonNull(method);
        this.uri = Objects.requireNonNull(uri);
    }

    /** The request's method, e.g. {@code GET}. */
    public String method() {
        return method;
    }

    /** The request's URL. */
    public URI uri() {
        return uri;
    }

    /** Whether the same request may succeed later: connection failures, HTTP 5xx and 429. */
    public abstract boolean retryable();

    /**
     * What went wrong, for log lines: the connection error ({@code java.net.ConnectException: ...}) or {@code HTTP
     * <status>} followed by {@code ": "} and the answer's {@link ProblemDetails#summary} when it has one.
     */
    public abstract String problem();
}
