package org.trainex.runner.exchange;

import java.io.IOException;

/**
 * The exchange or its identity provider cannot be used now: unreachable after retries, HTTP 5xx, or the
 * runner's client credentials are rejected. The task is not at fault: the runner rolls the task back (so it is
 * redelivered, possibly to another runner) and exits non-zero with this message.
 */
public class ExchangeUnavailableException extends IOException {
    public ExchangeUnavailableException(String message) {
        super(message);
    }

    public ExchangeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
