package org.trainex.runner.training;

/**
 * The task itself cannot succeed (bad model configuration, shapes that do not fit the dataset, a model blob
 * that is not a DL4J model, diverged training...). It ends in a FAILED result carrying this message.
 */
public class TaskFailedException extends Exception {
    public TaskFailedException(String message) {
        super(message);
    }

    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
