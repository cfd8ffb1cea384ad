package org.trainex.computemarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.computemarket.domain.TrainingOrder;
import org.trainex.computemarket.domain.TrainingOrderRepository;

/** {@link TrainingOrderRepository} on PostgreSQL ({@code computemarket.training_order}). */
@ApplicationScoped
public class JpaTrainingOrderRepository implements TrainingOrderRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(TrainingOrder order) {
        em.persist(order);
    }

    @Override
    public Optional<TrainingOrder> findForUpdate(UUID id) {
        return Optional.ofNullable(em.find(TrainingOrder.class, id,
                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public Optional<TrainingOrder> find(UUID id) {
        return Optional.ofNullable(em.find(TrainingOrder.class, id));
    }

    @Override
    public List<TrainingOrder> list() {
        return em.createQuery("select o from TrainingOrder o order by o.createdAt desc", TrainingOrder.class)
                .getResultList();
    }
}
