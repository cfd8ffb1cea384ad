package org.trainex.shared.application;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.domain.ChainRequest;

/**
 * The outbox table behind {@link ChainOutbox}. Each gateway step is its own short transaction (the caller's, or a
 * new one), and rows are locked while they change, so two gateway threads never move the same row.
 */
@Stateless
public class ChainOutboxService implements ChainOutbox {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void submit(UUID id, String kind, String payloadJson) {
        if (id == null || kind == null || kind.isBlank() || payloadJson == null || payloadJson.isBlank()) {
            throw new InvalidInputException("a chain request needs an id, a kind and a JSON payload");
        }
        if (em.find(ChainRequest.class, id) == null) {
            em.persist(new ChainRequest(id, kind, payloadJson, Instant.now()));
        }
    }

    @Override
    public Optional<Request> find(UUID id) {
        return Optional.ofNullable(em.find(ChainRequest.class, id)).map(ChainRequest::toView);
    }

    @Override
    public List<Request> due(Instant now, int limit) {
        return em.createQuery("select r from ChainRequest r where r.state = :s and r.nextAttemptAt <= :now "
                        + "order by r.createdAt", ChainRequest.class)
                .setParameter("s", State.PENDING).setParameter("now", now).setMaxResults(limit)
                .getResultStream().map(ChainRequest::toView).toList();
    }

    @Override
    public List<Request> inFlight() {
        return em.createQuery("select r from ChainRequest r where r.state = :s order by r.nonce", ChainRequest.class)
                .setParameter("s", State.SIGNED).getResultStream().map(ChainRequest::toView).toList();
    }

    @Override
    public List<Request> recent(int limit) {
        return em.createQuery("select r from ChainRequest r order by r.createdAt desc", ChainRequest.class)
                .setMaxResults(limit).getResultStream().map(ChainRequest::toView).toList();
    }

    @Override
    public Optional<Long> highestNonce(String sender) {
        return Optional.ofNullable(em.createQuery("select max(r.nonce) from ChainRequest r where r.sender = :s",
                Long.class).setParameter("s", sender).getSingleResult());
    }

    @Override
    public void recordSigned(UUID id, String sender, long nonce, String txHash, String rawTx) {
        locked(id).signed(sender, nonce, txHash, rawTx, Instant.now());
        em.flush(); // the unique (sender, nonce) index speaks now, not at commit
    }

    @Override
    public void recordConfirmed(UUID id, long blockNumber, String resultJson) {
        locked(id).confirmed(blockNumber, resultJson, Instant.now());
    }

    @Override
    public void recordRetry(UUID id, String error, Instant nextAttempt) {
        locked(id).retryAt(error, nextAttempt, Instant.now());
    }

    @Override
    public void recordFailed(UUID id, String error) {
        locked(id).failed(error, Instant.now());
    }

    @Override
    public void recordUnsigned(UUID id, String error) {
        locked(id).unsigned(error, Instant.now());
    }

    private ChainRequest locked(UUID id) {
        ChainRequest r = em.find(ChainRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (r == null) {
            throw new IllegalStateException("no chain request " + id);
        }
        return r;
    }
}
