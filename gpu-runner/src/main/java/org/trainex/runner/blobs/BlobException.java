package org.trainex.runner.blobs;

/**
 * A blob problem that retrying will not fix and that belongs to the task: the blob does not exist (HTTP 404),
 * access to it is denied (HTTP 403), or its bytes do not hash to its content id. The task fails with this
 * message; the runner goes on.
 */
public class BlobException extends Exception {
    private final String contentId;

    public BlobException(String contentId, String message) {
        super(message);
        this.contentId = contentId;
    }

    /** The content id of the blob concerned. */
    public String contentId() {
        return contentId;
    }
}
