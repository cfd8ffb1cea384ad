package org.trainex.computemarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.computemarket.domain.FederatedRepository;
import org.trainex.computemarket.domain.TrainingChunk;
import org.trainex.computemarket.domain.TrainingRound;

/** {@link FederatedRepository} on PostgreSQL ({@code computemarket.training_round}, {@code training_chunk}). */
@ApplicationScoped
public class JpaFederatedRepository implements FederatedRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(TrainingRound round) {
        em.persist(round);
    }

    @Override
    public void add(TrainingChunk chunk) {
        em.persist(chunk);
    }

    @Override
    public Optional<TrainingRound> lockRound(UUID jobId, int round) {
        return Optional.ofNullable(em.find(TrainingRound.class, new TrainingRound.Key(jobId, round),
                LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<TrainingRound> rounds(UUID jobId) {
        return em.createQuery("select r from TrainingRound r where r.key.jobId = :j order by r.key.round",
                TrainingRound.class).setParameter("j", jobId).getResultList();
    }

    @Override
    public Optional<TrainingRound> lockRoundByTask(UUID taskId) {
        return em.createQuery("select r from TrainingRound r where r.aggregateTaskId = :t or r.evalTaskId = :t",
                        TrainingRound.class).setParameter("t", taskId).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    @Override
    public Optional<TrainingChunk> lockChunk(UUID taskId) {
        return Optional.ofNullable(em.find(TrainingChunk.class, taskId, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<TrainingChunk> chunks(UUID jobId) {
        return em.createQuery("select c from TrainingChunk c where c.jobId = :j order by c.round, c.slot, c.attempt",
                TrainingChunk.class).setParameter("j", jobId).getResultList();
    }

    @Override
    public List<TrainingChunk> chunks(UUID jobId, int round) {
        return em.createQuery("select c from TrainingChunk c where c.jobId = :j and c.round = :r "
                        + "order by c.slot, c.attempt", TrainingChunk.class).setParameter("j", jobId)
                .setParameter("r", round).getResultList();
    }

    @Override
    public List<TrainingChunk> due(Instant now, int limit) {
        return em.createQuery("select c from TrainingChunk c where (c.state = :leased and c.leaseUntil < :now) "
                        + "or c.state = :pending order by c.jobId, c.round, c.slot", TrainingChunk.class)
                .setParameter("leased", TrainingChunk.State.LEASED).setParameter("pending", TrainingChunk.State.PENDING)
                .setParameter("now", now).setMaxResults(limit).getResultList();
    }

    @Override
    public int renewLeases(String runnerId, Instant until) {
        return em.createQuery("update TrainingChunk c set c.leaseUntil = :u where c.runnerId = :r and c.state = :s "
                        + "and c.leaseUntil < :u").setParameter("u", until).setParameter("r", runnerId)
                .setParameter("s", TrainingChunk.State.LEASED).executeUpdate();
    }

    @Override
    public List<TrainingChunk> accepted(UUID jobId) {
        return em.createQuery("select c from TrainingChunk c where c.jobId = :j and c.state = :s "
                        + "order by c.round, c.slot", TrainingChunk.class).setParameter("j", jobId)
                .setParameter("s", TrainingChunk.State.DONE).getResultList();
    }
}
