package org.trainex.runner.blobs;

import java.io.IOException;
import java.nio.file.Path;
import org.trainex.runner.exchange.ExchangeUnavailableException;

/** Content-addressed blobs: fetch by content id (verified), store a file under its content id. */
public interface BlobStore {
    /**
     * A local file holding the blob's bytes, verified to hash to {@code contentId}. The file belongs to the
     * store's cache: read it, do not modify or delete it.
     *
     * @throws BlobException                not found, access denied, or the bytes do not match the id
     * @throws ExchangeUnavailableException the exchange cannot be reached or rejects the runner's credentials
     * @throws IOException                  local I/O errors (cache directory)
     */
    Path fetch(String contentId) throws BlobException, IOException;

    /**
     * Stores a file and answers its content id (SHA-256 CIDv1, {@link org.trainex.jobs.protocol.ContentIds}).
     *
     * @throws ExchangeUnavailableException the exchange cannot be reached or refuses the upload
     * @throws IOException                  local I/O errors
     */
    String put(Path file) throws IOException;
}
