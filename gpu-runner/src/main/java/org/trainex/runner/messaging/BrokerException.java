package org.trainex.runner.messaging;

/**
 * The broker cannot be used: unreachable, credentials rejected (Artemis AMQ229031), a queue missing or not
 * permitted, or the connection lost. The message says which and what to check; the runner exits non-zero.
 */
public class BrokerException extends Exception {
    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
