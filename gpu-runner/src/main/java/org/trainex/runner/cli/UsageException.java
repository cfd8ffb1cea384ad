package org.trainex.runner.cli;

/** The command line or an environment variable is invalid; the message says which and why (exit code 2). */
public class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
