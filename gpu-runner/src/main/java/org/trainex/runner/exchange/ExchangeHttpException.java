package org.trainex.runner.exchange;

import java.net.URI;
import java.util.Objects;

/**
 * The exchange answered a request with an error status other than 401 (a 401 is a {@link
 * RunnerKeyRejectedException}, after one retry with a fresh bearer token when the answer does not name the key).
 * Carries the status and the summary of the answer's problem+json body ({@link ProblemDetails#summary}).
 * {@linkplain #retryable() Retryable} for HTTP 5xx and 429 (too many requests).
 */
public final class ExchangeHttpException extends ExchangeRequestException {
    private final int status;
    private final String detail;

    /**
     * @param method the request's method
     * @param uri    its URL
     * @param status the HTTP status of the answer
     * @param detail {@link ProblemDetails#summary} of its body; empty if it had none
     */
    public ExchangeHttpException(String method, URI uri, int status, String detail) {
        super(method, uri, problem(status, detail), null);
        this.status = status;
        this.detail = Objects.requireNonNull(detail);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The summary of the answer's body ({@code title: detail} of a problem+json document), or empty. */
    public String detail() {
        return detail;
    }

    /** {@code ": " + detail}, or empty when there is no detail: for messages that end with the exchange's word. */
    public String detailSuffix() {
        return detail.isEmpty() ? "" : ": " + detail;
    }

    @Override
    public boolean retryable() {
        return status >= 500 || status == 429;
    }

    /** {@code HTTP <status>}, then {@code ": <detail>"} if there is one. */
    @Override
    public String problem() {
        return problem(status, detail);
    }

    private static String problem(int status, String detail) {
        return "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
    }
}
