package org.trainex.datamarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.datamarket.domain.DataProposal;
import org.trainex.datamarket.domain.DataRequest;
import org.trainex.datamarket.domain.DataRequestRepository;
import org.trainex.shared.api.ContentId;

/** {@link DataRequestRepository} on PostgreSQL ({@code datamarket.data_request}, {@code data_proposal}). */
@ApplicationScoped
public class JpaDataRequestRepository implements DataRequestRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(DataRequest request) {
        em.persist(request);
    }

    @Override
    public void add(DataProposal proposal) {
        em.persist(proposal);
    }

    @Override
    public Optional<DataRequest> find(UUID id) {
        return Optional.ofNullable(em.find(DataRequest.class, id));
    }

    @Override
    public Optional<DataRequest> lock(UUID id) {
        return Optional.ofNullable(em.find(DataRequest.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<DataRequest> list() {
        return em.createQuery("select r from DataRequest r order by r.createdAt desc", DataRequest.class)
                .getResultList();
    }

    @Override
    public List<DataProposal> proposalsOf(UUID requestId) {
        return em.createQuery("select p from DataProposal p where p.requestId = :r order by p.createdAt",
                DataProposal.class).setParameter("r", requestId).getResultList();
    }

    @Override
    public long countProposals(UUID requestId) {
        return em.createQuery("select count(p) from DataProposal p where p.requestId = :r", Long.class)
                .setParameter("r", requestId).getSingleResult();
    }

    @Override
    public Optional<DataProposal> lockProposal(UUID id) {
        return Optional.ofNullable(em.find(DataProposal.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public boolean hasProposal(UUID requestId, ContentId images, ContentId labels) {
        return !em.createQuery("select p.id from DataProposal p where p.requestId = :r and p.imagesCid = :i "
                        + "and p.labelsCid = :l", UUID.class).setParameter("r", requestId)
                .setParameter("i", images.value()).setParameter("l", labels.value()).getResultList().isEmpty();
    }

    @Override
    public boolean onlyInRejectedProposals(String cid) {
        boolean rejected = !em.createQuery("select p.id from DataProposal p where p.state in :s and (p.imagesCid = :c "
                        + "or p.labelsCid = :c)", UUID.class).setParameter("s", List.of(DataProposal.State.REJECTED,
                        DataProposal.State.WITHDRAWN))
                .setParameter("c", cid).setMaxResults(1).getResultList().isEmpty();
        if (!rejected) {
            return false;
        }
        return em.createQuery("select d.id from Dataset d where d.imagesCid = :c or d.labelsCid = :c", UUID.class)
                .setParameter("c", cid).setMaxResults(1).getResultList().isEmpty();
    }

    @Override
    public Optional<DataProposal> findProposal(UUID id) {
        return Optional.ofNullable(em.find(DataProposal.class, id));
    }
}
