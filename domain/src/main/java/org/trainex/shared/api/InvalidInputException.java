package org.trainex.shared.api;

/** Bad input from a user or client: malformed, out of range, inconsistent. Nothing was changed. HTTP 400. */
@jakarta.ejb.ApplicationException(rollback = true)
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
