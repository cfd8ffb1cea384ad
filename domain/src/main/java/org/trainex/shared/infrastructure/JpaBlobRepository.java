package org.trainex.shared.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.trainex.shared.api.ContentId;
import org.trainex.shared.domain.BlobRepository;
import org.trainex.shared.domain.StoredBlob;

/** {@link BlobRepository} on PostgreSQL ({@code shared.blob}). */
@ApplicationScoped
public class JpaBlobRepository implements BlobRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void addIfAbsent(ContentId id, long sizeBytes, String uploadedBy, Instant createdAt) {
        em.createNativeQuery("INSERT INTO shared.blob (cid, size_bytes, uploaded_by, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (cid) DO NOTHING")
                .setParameter(1, id.value())
                .setParameter(2, sizeBytes)
                .setParameter(3, uploadedBy)
                .setParameter(4, Timestamp.from(createdAt))
                .executeUpdate();
    }

    @Override
    public Optional<StoredBlob> find(ContentId id) {
        return Optional.ofNullable(em.find(StoredBlob.class, id.value()));
    }
}
