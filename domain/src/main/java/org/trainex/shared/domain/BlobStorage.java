package org.trainex.shared.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Where blob bytes live (a directory by default; S3/IPFS adapters may implement it). */
public interface BlobStorage {
    /** A staged upload: bytes written to a temporary place, with their digest computed on the way. */
    interface Staged extends AutoCloseable {
        /** SHA-256 of the staged bytes. */
        byte[] sha256();

        long sizeBytes();

        /** Moves the staged bytes to their final name; a no-op if that blob already exists. */
        void commit(String sha256Hex) throws IOException;

        /** Discards the staged bytes if not committed. */
        @Override
        void close();
    }

    /**
     * Copies {@code in} to a staging file, hashing as it goes.
     *
     * @param maxBytes refuse streams longer than this many bytes
     * @throws TooLargeException if the stream is longer than {@code maxBytes} (staged bytes are removed)
     */
    Staged stage(InputStream in, long maxBytes) throws IOException;

    /** Path of a committed blob, or null if absent. */
    Path find(String sha256Hex);

    /** Thrown by {@link #stage} for oversize streams. */
    final class TooLargeException extends IOException {
        public TooLargeException(String message) {
            super(message);
        }
    }
}
