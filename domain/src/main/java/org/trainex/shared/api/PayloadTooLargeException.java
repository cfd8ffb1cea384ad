package org.trainex.shared.api;

/** An upload exceeds the configured limit ({@code TRAINEX_MAX_UPLOAD_BYTES}); nothing was stored. HTTP 413. */
@jakarta.ejb.ApplicationException(rollback = true)
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
