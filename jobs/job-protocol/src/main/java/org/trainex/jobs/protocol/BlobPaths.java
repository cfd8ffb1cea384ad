package org.trainex.jobs.protocol;

/**
 * HTTP paths of the exchange's content-addressed blob store, relative to the exchange base URL
 * (e.g. {@code http://127.0.0.1:8080/trainex}).
 *
 * <ul>
 *   <li>{@code GET  /api/blobs/{cid}} returns the bytes ({@code application/octet-stream}); 404 if unknown.</li>
 *   <li>{@code PUT  /api/blobs/{cid}} stores the body; the server re-hashes it and answers 400 if the digest
 *       does not match {@code cid}, 201 when stored, 200 when it was already there.</li>
 * </ul>
 * Both need a bearer token (OIDC client credentials for runners).
 */
public final class BlobPaths {
    /** Path of one blob, e.g. {@code /api/blobs/bafkrei...}. */
    public static String blob(String contentId) {
        return "/api/blobs/" + ContentIds.requireValid(contentId);
    }

    private BlobPaths() {
    }
}
