package org.trainex.runner.messaging;

/**
 * The broker cannot be used: unreachable, credentials rejected (Artemis AMQ229031), a queue missing or not
 * permitted, or the connection lost. The message says which and what to check; the runner exits non-zero.
 * {@link #kind()} tells {@link TaskLoop} whether reconnecting may help.
 */
public class BrokerException extends Exception {
    /** What kind of failure, as far as retrying is concerned. */
    public enum Kind {
        /** The broker rejected the credentials (AMQ229031): retrying cannot help. */
        CREDENTIALS_REJECTED,
        /** No connection: the broker cannot be reached or the connection was lost; it may come back. */
        DISCONNECTED,
        /** Anything else: a missing queue or permission, a malformed URL, an unexpected error. */
        OTHER
    }

    private final Kind kind;

    public BrokerException(String message, Throwable cause) {
        this(message, cause, Kind.OTHER);
    }

    public BrokerException(String message, Throwable cause, Kind kind) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
