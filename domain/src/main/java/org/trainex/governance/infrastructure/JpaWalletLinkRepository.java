package org.trainex.governance.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import org.trainex.governance.api.IdentityRole;
import org.trainex.governance.domain.WalletLink;
import org.trainex.governance.domain.WalletLinkRepository;
import org.trainex.shared.api.WalletAddress;

/** {@link WalletLinkRepository} on PostgreSQL ({@code governance.wallet_link}). */
@ApplicationScoped
public class JpaWalletLinkRepository implements WalletLinkRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public Optional<WalletLink> lock(String username, IdentityRole role) {
        return em.createQuery("select l from WalletLink l where l.username = :u and l.role = :r", WalletLink.class)
                .setParameter("u", username).setParameter("r", role).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    @Override
    public Optional<WalletLink> find(String username, IdentityRole role) {
        return em.createQuery("select l from WalletLink l where l.username = :u and l.role = :r", WalletLink.class)
                .setParameter("u", username).setParameter("r", role).getResultStream().findFirst();
    }

    @Override
    public Optional<WalletLink> holderOf(WalletAddress wallet, IdentityRole role) {
        return em.createQuery("select l from WalletLink l where lower(l.wallet) = :w and l.role = :r",
                        WalletLink.class)
                .setParameter("w", "0x" + wallet.hex()).setParameter("r", role).getResultStream().findFirst();
    }

    @Override
    public void add(WalletLink link) {
        em.persist(link);
        em.flush(); // the unique indexes speak now, inside the caller's error handling
    }
}
