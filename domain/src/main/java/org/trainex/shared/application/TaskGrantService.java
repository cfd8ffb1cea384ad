package org.trainex.shared.application;

import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.trainex.shared.api.TaskGrants;

/**
 * {@link TaskGrants} on PostgreSQL ({@code shared.task_grant}, migration shared V5). {@link #dispatched} joins the
 * dispatcher's transaction (every dispatch runs in one; without, it would commit on its own); the checks run in
 * their own.
 */
@Stateless
@Local(TaskGrants.class)
public class TaskGrantService implements TaskGrants {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void dispatched(UUID taskId, String targetRunner, Set<String> contentIds) {
        if (contentIds.isEmpty()) {
            return;
        }
        em.createNativeQuery("insert into shared.task_grant (task_id, target_runner, content_ids, dispatched_at) "
                        + "values (?1, ?2, string_to_array(?3, ' '), ?4) on conflict (task_id) do nothing")
                .setParameter(1, taskId).setParameter(2, targetRunner)
                .setParameter(3, String.join(" ", contentIds))
                .setParameter(4, OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate();
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<String> refusal(UUID taskId, String runnerId, String contentId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select target_runner, finished_at, (?2 = any(content_ids)) "
                + "from shared.task_grant where task_id = ?1 for update").setParameter(1, taskId)
                .setParameter(2, contentId).getResultList();
        if (rows.isEmpty()) {
            return Optional.of("task " + taskId + " was never dispatched with a blob");
        }
        Object[] row = rows.get(0);
        if (row[1] != null) {
            return Optional.of("task " + taskId + " is finished (its result is recorded)");
        }
        if (row[0] != null && !row[0].equals(runnerId)) {
            return Optional.of("task " + taskId + " is meant for another runner");
        }
        if (!Boolean.TRUE.equals(row[2])) {
            return Optional.of("task " + taskId + " does not name blob " + contentId);
        }
        em.createNativeQuery("update shared.task_grant set fetched_by = ?2, first_fetch_at = coalesce(first_fetch_at, "
                        + "?3) where task_id = ?1").setParameter(1, taskId).setParameter(2, runnerId)
                .setParameter(3, OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate();
        return Optional.empty();
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Instant> firstFetch(UUID taskId) {
        List<?> rows = em.createNativeQuery("select first_fetch_at from shared.task_grant where task_id = ?1")
                .setParameter(1, taskId).getResultList();
        if (rows.isEmpty() || rows.get(0) == null) {
            return Optional.empty();
        }
        Object v = rows.get(0);
        if (v instanceof Instant i) {
            return Optional.of(i);
        }
        if (v instanceof OffsetDateTime o) {
            return Optional.of(o.toInstant());
        }
        if (v instanceof java.sql.Timestamp t) {
            return Optional.of(t.toInstant());
        }
        throw new IllegalStateException("unexpected timestamp type " + v.getClass());
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void finished(UUID taskId) {
        em.createNativeQuery("update shared.task_grant set finished_at = ?2 where task_id = ?1 and finished_at is null")
                .setParameter(1, taskId).setParameter(2, OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate();
    }
}
