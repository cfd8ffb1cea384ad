package org.trainex.shared.domain;

import java.time.Instant;
import java.util.Optional;
import org.trainex.shared.api.ContentId;

/** Index of stored blobs. */
public interface BlobRepository {
    /** Adds the index row unless one exists for {@code id} (concurrent uploads of the same bytes are fine). */
    void addIfAbsent(ContentId id, long sizeBytes, String uploadedBy, Instant createdAt);

    Optional<StoredBlob> find(ContentId id);
}
