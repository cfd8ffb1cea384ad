package org.trainex.datamarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.datamarket.domain.CurationBallot;
import org.trainex.datamarket.domain.CurationRepository;
import org.trainex.datamarket.domain.CurationVote;
import org.trainex.datamarket.domain.CuratorAccount;
import org.trainex.datamarket.domain.CuratorTokenGrant;
import org.trainex.datamarket.domain.DataProposal;

/** {@link CurationRepository} on PostgreSQL ({@code datamarket.curator_account}, {@code curation_vote}, ...). */
@ApplicationScoped
public class JpaCurationRepository implements CurationRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public Optional<CuratorAccount> account(String username) {
        return Optional.ofNullable(em.find(CuratorAccount.class, username));
    }

    @Override
    public Optional<CuratorAccount> accountOfWallet(String wallet) {
        return em.createQuery("select a from CuratorAccount a where lower(a.wallet) = lower(:w)", CuratorAccount.class)
                .setParameter("w", wallet).getResultStream().findFirst();
    }

    @Override
    public void add(CuratorAccount account) {
        em.persist(account);
    }

    @Override
    public List<CuratorAccount> delegators() {
        return em.createQuery("select a from CuratorAccount a where a.delegate is not null order by a.username",
                CuratorAccount.class).getResultList();
    }

    @Override
    public void add(CurationVote vote) {
        em.persist(vote);
    }

    @Override
    public List<CurationVote> votesOn(UUID proposalId) {
        return em.createQuery("select v from CurationVote v where v.proposalId = :p order by v.castAt, v.wallet",
                CurationVote.class).setParameter("p", proposalId).getResultList();
    }

    @Override
    public Optional<CurationVote> voteOf(UUID proposalId, String username) {
        return em.createQuery("select v from CurationVote v where v.proposalId = :p and v.username = :u",
                CurationVote.class).setParameter("p", proposalId).setParameter("u", username)
                .getResultStream().findFirst();
    }

    @Override
    public void add(CurationBallot ballot) {
        em.persist(ballot);
    }

    @Override
    public List<CurationBallot> ballotsOf(UUID proposalId) {
        return em.createQuery("select b from CurationBallot b where b.proposalId = :p", CurationBallot.class)
                .setParameter("p", proposalId).getResultList();
    }

    @Override
    public void add(CuratorTokenGrant grant) {
        em.persist(grant);
    }

    @Override
    public Optional<CuratorTokenGrant> lockGrant(UUID id) {
        return Optional.ofNullable(em.find(CuratorTokenGrant.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<CuratorTokenGrant> grantsOf(String wallet) {
        return em.createQuery("select g from CuratorTokenGrant g where lower(g.holder) = lower(:w) order by "
                + "g.createdAt", CuratorTokenGrant.class).setParameter("w", wallet).getResultList();
    }

    @Override
    public List<DataProposal> awaitingVote(int limit) {
        return em.createQuery("select p from DataProposal p where p.state = :s and p.snapshotBlock is null "
                        + "order by p.createdAt", DataProposal.class)
                .setParameter("s", DataProposal.State.SUBMITTED).setMaxResults(limit).getResultList();
    }

    @Override
    public List<DataProposal> dueForTally(Instant now, int limit) {
        return em.createQuery("select p from DataProposal p where p.state = :s and p.votingEnds <= :now "
                        + "order by p.votingEnds", DataProposal.class)
                .setParameter("s", DataProposal.State.SUBMITTED).setParameter("now", now).setMaxResults(limit)
                .getResultList();
    }

    @Override
    public List<DataProposal> openForVoting(Instant now) {
        return em.createQuery("select p from DataProposal p where p.state = :s and p.votingEnds > :now "
                        + "order by p.votingEnds", DataProposal.class)
                .setParameter("s", DataProposal.State.SUBMITTED).setParameter("now", now).getResultList();
    }
}
