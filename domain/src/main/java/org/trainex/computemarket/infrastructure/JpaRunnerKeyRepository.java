package org.trainex.computemarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import org.trainex.computemarket.domain.RunnerKey;
import org.trainex.computemarket.domain.RunnerKeyRepository;

/** {@link RunnerKeyRepository} on PostgreSQL ({@code computemarket.runner_key}, migration V9). */
@ApplicationScoped
public class JpaRunnerKeyRepository implements RunnerKeyRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public Optional<RunnerKey> lock(String runnerId) {
        return Optional.ofNullable(em.find(RunnerKey.class, runnerId, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public Optional<RunnerKey> byHash(String keySha256) {
        return em.createQuery("select k from RunnerKey k where k.keySha256 = :h", RunnerKey.class)
                .setParameter("h", keySha256).getResultStream().findFirst();
    }

    @Override
    public void add(RunnerKey key) {
        em.persist(key);
    }

    @Override
    public void touch(String runnerId, java.time.Instant now, java.time.Instant before) {
        em.createQuery("update RunnerKey k set k.lastUsedAt = :now where k.runnerId = :id and (k.lastUsedAt is null "
                + "or k.lastUsedAt < :before)").setParameter("now", now).setParameter("id", runnerId)
                .setParameter("before", before).executeUpdate();
    }

    @Override
    public List<RunnerKey> ofProvider(String provider) {
        return em.createQuery("select k from RunnerKey k where k.provider = :p order by k.runnerId", RunnerKey.class)
                .setParameter("p", provider).getResultList();
    }
}
