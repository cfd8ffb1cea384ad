package org.trainex.runner.data;

/**
 * An IDX file that is not what its header or the dataset reference says: wrong magic number, wrong
 * dimensions, truncated or with trailing bytes, or a label outside {@code 0..classes-1}. The message names
 * the file (its content id when known) and the first offending value, so it can go into a failed task
 * result unchanged.
 */
public class IdxFormatException extends Exception {
    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
