package org.trainex.computemarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.computemarket.domain.MatchRepository;
import org.trainex.computemarket.domain.OrderMatch;
import org.trainex.computemarket.domain.TrainingOrder;

/** {@link MatchRepository} on PostgreSQL ({@code computemarket.order_match}, {@code order_match_fill}). */
@ApplicationScoped
public class JpaMatchRepository implements MatchRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(OrderMatch match) {
        em.persist(match);
    }

    @Override
    public Optional<OrderMatch> find(UUID orderId) {
        return Optional.ofNullable(em.find(OrderMatch.class, orderId));
    }

    @Override
    public java.util.Set<UUID> ordersOfProvider(String provider) {
        return new java.util.HashSet<>(em.createQuery("select distinct m.orderId from OrderMatch m join m.fills f "
                + "where f.provider = :p", UUID.class).setParameter("p", provider).getResultList());
    }

    @Override
    public List<UUID> awaitingBids(int limit) {
        return em.createQuery("select o.id from TrainingOrder o where o.state = :s order by o.createdAt", UUID.class)
                .setParameter("s", TrainingOrder.State.AWAITING_BIDS).setMaxResults(limit).getResultList();
    }
}
