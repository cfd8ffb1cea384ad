package org.trainex.shared.api;

import java.io.InputStream;
import java.util.Optional;

/**
 * The content-addressed blob store (datasets, model weights, checkpoints, proofs). Source: DESIGN.md,
 * "Content addressing": immutable blobs named by their SHA-256 digest; the server re-hashes every upload.
 */
public interface Blobs {
    /** Result of {@link #store}: the blob and whether this call created it (false: it was already there). */
    record Stored(BlobInfo blob, boolean created) {
    }

    /**
     * Streams {@code content} into the store, re-hashing it on the way.
     *
     * @param expected the CID the client claims for the bytes
     * @param content  the bytes; read to the end, not closed
     * @param uploader who uploads
     * @return the stored blob; storing the same bytes twice is idempotent
     * @throws InvalidInputException     if the bytes do not hash to {@code expected} (nothing stored)
     * @throws PayloadTooLargeException  if the stream exceeds {@code TRAINEX_MAX_UPLOAD_BYTES} (nothing stored)
     */
    Stored store(ContentId expected, InputStream content, String uploader);

    /** Metadata of a blob, if stored. */
    Optional<BlobInfo> find(ContentId id);

    /**
     * Opens a stored blob for reading; the caller closes the stream.
     *
     * @throws NotFoundException if the blob is not stored
     */
    InputStream open(ContentId id);
}
