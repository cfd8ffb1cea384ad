package org.trainex.computemarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.computemarket.domain.Bid;
import org.trainex.computemarket.domain.ProviderRepository;
import org.trainex.computemarket.domain.Runner;

/** {@link ProviderRepository} on PostgreSQL ({@code computemarket.runner}, {@code computemarket.bid}). */
@ApplicationScoped
public class JpaProviderRepository implements ProviderRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public Optional<Runner> runner(String id) {
        return Optional.ofNullable(em.find(Runner.class, id));
    }

    @Override
    public Optional<Runner> lockRunner(String id) {
        return Optional.ofNullable(em.find(Runner.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public void add(Runner runner) {
        em.persist(runner);
    }

    @Override
    public List<Runner> runners() {
        return em.createQuery("select r from Runner r order by r.provider, r.id", Runner.class).getResultList();
    }

    @Override
    public List<Runner> activeRunners() {
        return em.createQuery("select r from Runner r where r.state = :s order by r.id", Runner.class)
                .setParameter("s", Runner.State.ACTIVE).getResultList();
    }

    @Override
    public void add(Bid bid) {
        em.persist(bid);
    }

    @Override
    public Optional<Bid> lockBid(UUID id) {
        return Optional.ofNullable(em.find(Bid.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<Bid> openBids() {
        return em.createQuery("select b from Bid b where b.state = :s order by b.pricePerKiloSampleStepWei, "
                + "b.postedAt, b.sequence", Bid.class).setParameter("s", Bid.State.OPEN).getResultList();
    }

    @Override
    public List<Bid> expiredBids(Instant now) {
        return em.createQuery("select b from Bid b where b.state in :s and b.validUntil <= :now", Bid.class)
                .setParameter("s", List.of(Bid.State.OPEN, Bid.State.SUSPENDED)).setParameter("now", now)
                .getResultList();
    }

    @Override
    public List<Bid> bidsOfRunner(String runnerId, Bid.State state) {
        return em.createQuery("select b from Bid b where b.state = :s and concat(',', b.runnerIds, ',') like :r "
                        + "order by b.sequence", Bid.class).setParameter("s", state)
                .setParameter("r", "%," + runnerId.replace("%", "\\%").replace("_", "\\_") + ",%").getResultList();
    }

    @Override
    public List<Bid> offeringBids(String provider) {
        return em.createQuery("select b from Bid b where b.provider = :p and b.state in :s order by b.sequence",
                        Bid.class).setParameter("p", provider)
                .setParameter("s", List.of(Bid.State.OPEN, Bid.State.SUSPENDED)).getResultList();
    }

    @Override
    public long nextBidSequence() {
        return ((Number) em.createNativeQuery("select nextval('computemarket.bid_sequence')").getSingleResult())
                .longValue();
    }
}
