package org.trainex.shared.api;

/**
 * The Ethereum node could not answer a read the operation needs (e.g. a curator's voting power at a snapshot
 * block). Nothing was changed; the caller may retry. HTTP 503.
 */
@jakarta.ejb.ApplicationException(rollback = true)
public class ChainUnavailableException extends RuntimeException {
    public ChainUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
