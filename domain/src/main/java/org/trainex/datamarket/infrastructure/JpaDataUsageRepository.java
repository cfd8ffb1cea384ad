package org.trainex.datamarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.trainex.datamarket.domain.DataUsage;
import org.trainex.datamarket.domain.DataUsageRepository;
import org.trainex.datamarket.domain.RegistryEntry;

/** {@link DataUsageRepository} on PostgreSQL ({@code datamarket.data_usage}, {@code data_usage_line}). */
@ApplicationScoped
public class JpaDataUsageRepository implements DataUsageRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(DataUsage usage) {
        em.persist(usage);
    }

    @Override
    public Optional<DataUsage> lock(UUID id) {
        return Optional.ofNullable(em.find(DataUsage.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public Optional<DataUsage> byReference(String reference) {
        return em.createQuery("select u from DataUsage u where u.reference = :r", DataUsage.class)
                .setParameter("r", reference).getResultStream().findFirst();
    }

    @Override
    public List<DataUsage> list(int limit) {
        return em.createQuery("select u from DataUsage u order by u.createdAt desc", DataUsage.class)
                .setMaxResults(limit).getResultList();
    }

    @Override
    public List<DataUsage> paying(List<String> wallets) {
        if (wallets.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select distinct u from DataUsage u join u.lines l where lower(l.contributorWallet) in "
                        + ":w order by u.createdAt", DataUsage.class)
                .setParameter("w", wallets.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList()).getResultList();
    }

    @Override
    public Optional<RegistryEntry> entry(UUID entryId) {
        return Optional.ofNullable(em.find(RegistryEntry.class, entryId));
    }

    @Override
    public List<String> walletsOf(String owner) {
        return em.createQuery("select distinct e.contributorWallet from RegistryEntry e, Dataset d "
                + "where e.datasetId = d.id and d.owner = :o", String.class).setParameter("o", owner).getResultList();
    }
}
