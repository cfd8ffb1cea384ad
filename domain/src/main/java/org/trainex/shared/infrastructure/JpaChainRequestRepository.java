package org.trainex.shared.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.shared.api.ChainOutbox.State;
import org.trainex.shared.domain.ChainRequest;
import org.trainex.shared.domain.ChainRequestRepository;

/** {@link ChainRequestRepository} on PostgreSQL ({@code shared.chain_request}). */
@ApplicationScoped
public class JpaChainRequestRepository implements ChainRequestRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(ChainRequest request) {
        em.persist(request);
    }

    @Override
    public Optional<ChainRequest> find(UUID id) {
        return Optional.ofNullable(em.find(ChainRequest.class, id));
    }

    @Override
    public Optional<ChainRequest> lock(UUID id) {
        return Optional.ofNullable(em.find(ChainRequest.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<ChainRequest> due(Instant now, int limit) {
        return em.createQuery("select r from ChainRequest r where r.state = :s and r.nextAttemptAt <= :now "
                        + "order by r.createdAt", ChainRequest.class)
                .setParameter("s", State.PENDING).setParameter("now", now).setMaxResults(limit).getResultList();
    }

    @Override
    public List<ChainRequest> signed() {
        return em.createQuery("select r from ChainRequest r where r.state = :s order by r.nonce", ChainRequest.class)
                .setParameter("s", State.SIGNED).getResultList();
    }

    @Override
    public List<ChainRequest> recent(int limit) {
        return em.createQuery("select r from ChainRequest r order by r.createdAt desc", ChainRequest.class)
                .setMaxResults(limit).getResultList();
    }

    @Override
    public Optional<Long> highestNonce(String sender) {
        return Optional.ofNullable(em.createQuery("select max(r.nonce) from ChainRequest r where r.sender = :s",
                Long.class).setParameter("s", sender).getSingleResult());
    }

    @Override
    public void flush() {
        em.flush();
    }
}
