package org.trainex.computemarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.computemarket.domain.TrainingJob;
import org.trainex.computemarket.domain.TrainingJobRepository;

/** {@link TrainingJobRepository} on PostgreSQL ({@code computemarket.training_job}). */
@ApplicationScoped
public class JpaTrainingJobRepository implements TrainingJobRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(TrainingJob job) {
        em.persist(job);
    }

    @Override
    public Optional<TrainingJob> find(UUID id) {
        return Optional.ofNullable(em.find(TrainingJob.class, id));
    }

    @Override
    public Optional<TrainingJob> findForUpdate(UUID id) {
        return Optional.ofNullable(em.find(TrainingJob.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public Optional<TrainingJob> findByOrder(UUID orderId) {
        return em.createQuery("select j from TrainingJob j where j.orderId = :o", TrainingJob.class)
                .setParameter("o", orderId).getResultStream().findFirst();
    }

    @Override
    public List<TrainingJob> list() {
        return em.createQuery("select j from TrainingJob j order by j.createdAt desc", TrainingJob.class)
                .getResultList();
    }
}
