package org.trainex.computemarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.computemarket.domain.ProviderAccount;
import org.trainex.computemarket.domain.ProviderStake;
import org.trainex.computemarket.domain.Settlement;
import org.trainex.computemarket.domain.SettlementRepository;

/** {@link SettlementRepository} on PostgreSQL ({@code settlement}, {@code provider_account}, {@code provider_stake}). */
@ApplicationScoped
public class JpaSettlementRepository implements SettlementRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(Settlement settlement) {
        em.persist(settlement);
    }

    @Override
    public Optional<Settlement> find(UUID orderId) {
        return Optional.ofNullable(em.find(Settlement.class, orderId));
    }

    @Override
    public Optional<Settlement> lock(UUID orderId) {
        return Optional.ofNullable(em.find(Settlement.class, orderId, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<UUID> releasable(Instant now, int limit) {
        return em.createQuery("select s.orderId from Settlement s where s.state = :s and s.challengeEndsAt <= :now "
                        + "order by s.challengeEndsAt", UUID.class)
                .setParameter("s", Settlement.State.CHALLENGE_PERIOD).setParameter("now", now).setMaxResults(limit)
                .getResultList();
    }

    @Override
    public Optional<ProviderAccount> account(String provider) {
        return Optional.ofNullable(em.find(ProviderAccount.class, provider));
    }

    @Override
    public Optional<ProviderAccount> lockAccount(String provider) {
        return Optional.ofNullable(em.find(ProviderAccount.class, provider, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public void add(ProviderAccount account) {
        em.persist(account);
    }

    @Override
    public void add(ProviderStake stake) {
        em.persist(stake);
    }

    @Override
    public Optional<ProviderStake> lockStake(UUID id) {
        return Optional.ofNullable(em.find(ProviderStake.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<Settlement> paying(String provider) {
        return em.createQuery("select distinct s from Settlement s join s.lines l where l.kind = :k "
                        + "and l.party = :p order by s.createdAt desc", Settlement.class)
                .setParameter("k", Settlement.Kind.PROVIDER).setParameter("p", provider).setMaxResults(200)
                .getResultList();
    }
}
