package org.trainex.runner.exchange;

import java.io.IOException;
import java.net.URI;

/**
 * A request to the exchange got no answer: the connection was refused, reset or timed out (the JDK HTTP client's
 * {@link IOException}, the cause). Always {@linkplain #retryable() retryable}.
 */
public final class ExchangeConnectionException extends ExchangeRequestException {
    /**
     * @param method the request's method
     * @param uri    its URL
     * @param cause  the HTTP client's error
     */
    public ExchangeConnectionException(String method, URI uri, IOException cause) {
        super(method, uri, String.valueOf(cause), cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    /** The HTTP client's error as {@code Type: message}. */
    @Override
    public String problem() {
        return String.valueOf(getCause());
    }
}
