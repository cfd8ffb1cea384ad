package org.trainex.shared.api;

/** The caller is authenticated but may not do this (wrong role or not the owner). HTTP 403. */
@jakarta.ejb.ApplicationException(rollback = true)
public class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
