package org.trainex.operations.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.query.NativeQuery;
import org.trainex.operations.domain.DispatchProbe;
import org.trainex.operations.domain.DispatchProbeRepository;

/**
 * {@link DispatchProbeRepository} on PostgreSQL: the probe is a JPA entity ({@code operations.dispatch_probe});
 * batches and results are plain rows written with SQL ({@code dispatch_probe_batch}, {@code dispatch_probe_result}),
 * a result with {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}: one statement that checks the probe and the
 * chunk and ignores duplicates, without locking the probe row (many results are recorded concurrently while the
 * dispatcher holds that lock).
 */
@ApplicationScoped
public class DispatchProbeJpaRepository implements DispatchProbeRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(DispatchProbe probe) {
        em.persist(probe);
    }

    @Override
    public Optional<DispatchProbe> find(UUID id) {
        return Optional.ofNullable(em.find(DispatchProbe.class, id));
    }

    @Override
    public Optional<DispatchProbe> lock(UUID id) {
        return Optional.ofNullable(em.find(DispatchProbe.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<DispatchProbe> recent(int limit) {
        return em.createQuery("select p from DispatchProbe p order by p.startedAt desc", DispatchProbe.class)
                .setMaxResults(limit).getResultList();
    }

    @Override
    public List<UUID> unfinished(int limit) {
        return em.createQuery("select p.id from DispatchProbe p where p.dispatched < p.chunks and p.cancelledAt is null "
                + "order by p.startedAt",
                UUID.class).setMaxResults(limit).getResultList();
    }

    @Override
    public void addBatch(UUID probeId, DispatchProbe.Batch batch, Instant at) {
        em.createNativeQuery("INSERT INTO operations.dispatch_probe_batch (probe_id, batch_no, first_seq, chunks, "
                        + "dispatched_at) VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, probeId).setParameter(2, batch.number()).setParameter(3, batch.firstSeq())
                .setParameter(4, batch.count()).setParameter(5, Timestamp.from(at)).executeUpdate();
    }

    @Override
    public boolean recordResult(UUID probeId, int seq, UUID taskId, String runnerId, boolean succeeded, Instant at) {
        return resultTableOnly(em.createNativeQuery("INSERT INTO operations.dispatch_probe_result (probe_id, seq, task_id, "
                        + "runner_id, succeeded, recorded_at) SELECT p.id, CAST(?2 AS integer), CAST(?3 AS uuid), "
                        + "CAST(?4 AS varchar), CAST(?5 AS boolean), CAST(?6 AS timestamptz) "
                        + "FROM operations.dispatch_probe p WHERE p.id = ?1 AND CAST(?2 AS integer) <= p.dispatched "
                        + "ON CONFLICT (probe_id, seq) DO NOTHING")
                .setParameter(1, probeId).setParameter(2, seq).setParameter(3, taskId)
                .setParameter(4, runnerId.length() > 100 ? runnerId.substring(0, 100) : runnerId)
                .setParameter(5, succeeded).setParameter(6, Timestamp.from(at))).executeUpdate() == 1;
    }

    /**
     * Tells Hibernate that the statement changes the result table only: without it, a native INSERT makes Hibernate
     * treat every mapped entity and collection as possibly changed (bulk-operation clean-up over the whole
     * metamodel), once per recorded result.
     */
    private static Query resultTableOnly(Query q) {
        q.unwrap(NativeQuery.class).addSynchronizedQuerySpace("operations.dispatch_probe_result");
        return q;
    }

    @Override
    public long completed(UUID probeId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM operations.dispatch_probe_result "
                + "WHERE probe_id = ?1").setParameter(1, probeId).getSingleResult()).longValue();
    }

    @Override
    public Stats stats(UUID probeId, boolean withLatency) {
        Object[] totals = (Object[]) em.createNativeQuery("SELECT count(*), count(*) FILTER (WHERE NOT succeeded), "
                + "max(recorded_at) FROM operations.dispatch_probe_result WHERE probe_id = ?1")
                .setParameter(1, probeId).getSingleResult();
        Map<String, Long> perRunner = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT runner_id, count(*) FROM "
                + "operations.dispatch_probe_result WHERE probe_id = ?1 GROUP BY runner_id ORDER BY runner_id")
                .setParameter(1, probeId).getResultList();
        for (Object[] r : rows) {
            perRunner.put((String) r[0], ((Number) r[1]).longValue());
        }
        Double p50 = null;
        Double p99 = null;
        long completed = ((Number) totals[0]).longValue();
        if (withLatency && completed > 0) {
            // a chunk's dispatch time is its batch's: batch_no = (seq - 1) / batch_size
            Object[] latency = (Object[]) em.createNativeQuery("SELECT "
                    + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.recorded_at - b.dispatched_at)), "
                    + "percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM r.recorded_at - b.dispatched_at)) "
                    + "FROM operations.dispatch_probe_result r "
                    + "JOIN operations.dispatch_probe p ON p.id = r.probe_id "
                    + "JOIN operations.dispatch_probe_batch b ON b.probe_id = r.probe_id "
                    + "AND b.batch_no = (r.seq - 1) / p.batch_size WHERE r.probe_id = ?1")
                    .setParameter(1, probeId).getSingleResult();
            p50 = latency[0] == null ? null : ((Number) latency[0]).doubleValue();
            p99 = latency[1] == null ? null : ((Number) latency[1]).doubleValue();
        }
        return new Stats(completed, ((Number) totals[1]).longValue(), instant(totals[2]), perRunner, p50, p99);
    }

    private static Instant instant(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + v.getClass().getName());
    }
}
