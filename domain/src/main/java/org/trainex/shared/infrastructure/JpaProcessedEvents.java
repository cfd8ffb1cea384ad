package org.trainex.shared.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.trainex.shared.api.ProcessedEvents;

/** {@link ProcessedEvents} on PostgreSQL ({@code shared.processed_event}), in the caller's transaction. */
@ApplicationScoped
public class JpaProcessedEvents implements ProcessedEvents {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public boolean firstDelivery(UUID eventId, String consumer) {
        return em.createNativeQuery("INSERT INTO shared.processed_event (event_id, consumer, processed_at) "
                        + "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, eventId)
                .setParameter(2, consumer)
                .setParameter(3, Timestamp.from(Instant.now()))
                .executeUpdate() == 1;
    }
}
