package org.trainex.shared.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.trainex.shared.api.BlobInfo;
import org.trainex.shared.api.ContentId;

/** Index row of a blob in the store (schema {@code shared}, table {@code blob}). Immutable once written. */
@Entity
@Table(name = "blob", schema = "shared")
public class StoredBlob {
    @Id
    @Column(name = "cid", length = 59)
    private String cid;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "uploaded_by", nullable = false)
    private String uploadedBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected StoredBlob() {
    }

    public BlobInfo toInfo() {
        return new BlobInfo(ContentId.of(cid), sizeBytes, uploadedBy, createdAt);
    }
}
