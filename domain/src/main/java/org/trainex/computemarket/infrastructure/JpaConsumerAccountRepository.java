package org.trainex.computemarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.computemarket.domain.ConsumerAccount;
import org.trainex.computemarket.domain.ConsumerAccountRepository;

/** {@link ConsumerAccountRepository} on PostgreSQL ({@code computemarket.consumer_account}, {@code training_order}). */
@ApplicationScoped
public class JpaConsumerAccountRepository implements ConsumerAccountRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(ConsumerAccount account) {
        em.persist(account);
    }

    @Override
    public Optional<ConsumerAccount> find(String consumer) {
        return Optional.ofNullable(em.find(ConsumerAccount.class, consumer));
    }

    @Override
    public Optional<ConsumerAccount> lock(String consumer) {
        return Optional.ofNullable(em.find(ConsumerAccount.class, consumer, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public Optional<ConsumerAccount> findByWallet(String wallet) {
        return em.createQuery("select a from ConsumerAccount a where lower(a.wallet) = lower(:w)",
                ConsumerAccount.class).setParameter("w", wallet).getResultStream().findFirst();
    }

    @Override
    public List<ConsumerAccount> all() {
        return em.createQuery("select a from ConsumerAccount a order by a.consumer", ConsumerAccount.class)
                .getResultList();
    }

    @Override
    public BigInteger awaitingWei(String wallet, UUID excluding) {
        Object sum = em.createNativeQuery("select coalesce(sum(max_price_wei), 0) from computemarket.training_order "
                        + "where lower(consumer_wallet) = lower(?1) and state = 'AWAITING_BIDS' and id <> ?2")
                .setParameter(1, wallet).setParameter(2, excluding == null ? new UUID(0, 0) : excluding)
                .getSingleResult();
        return new BigDecimal(sum.toString()).toBigIntegerExact();
    }

    @Override
    public BigInteger lockingWei(String wallet) {
        Object sum = em.createNativeQuery("select coalesce(sum(max_price_wei), 0) from computemarket.training_order "
                        + "where lower(consumer_wallet) = lower(?1) and state <> 'AWAITING_BIDS' "
                        + "and max_price_wei is not null and escrow_tx_hash is null")
                .setParameter(1, wallet).getSingleResult();
        return new BigDecimal(sum.toString()).toBigIntegerExact();
    }

    @Override
    public List<String> providersWithWallet() {
        return em.createQuery("select a.provider from ProviderAccount a order by a.provider", String.class)
                .getResultList();
    }

    @Override
    public List<LockedOrder> lockedOrders() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select o.id, o.max_price_wei, o.escrow_tx_hash, "
                + "(s.release_tx_hash is not null) from computemarket.training_order o "
                + "left join computemarket.settlement s on s.order_id = o.id "
                + "where o.escrow_tx_hash is not null order by o.created_at").getResultList();
        return rows.stream().map(r -> new LockedOrder((UUID) r[0], new BigDecimal(r[1].toString())
                .toBigIntegerExact(), (String) r[2], Boolean.TRUE.equals(r[3]))).toList();
    }
}
