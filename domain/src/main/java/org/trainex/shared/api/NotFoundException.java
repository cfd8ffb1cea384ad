package org.trainex.shared.api;

/** The named thing (dataset, order, job, blob) does not exist or is not visible to the caller. HTTP 404. */
@jakarta.ejb.ApplicationException(rollback = true)
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
