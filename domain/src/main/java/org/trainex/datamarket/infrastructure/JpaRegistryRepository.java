package org.trainex.datamarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.datamarket.domain.RegistryBatch;
import org.trainex.datamarket.domain.RegistryEntry;
import org.trainex.datamarket.domain.RegistryRepository;

/** {@link RegistryRepository} on PostgreSQL ({@code datamarket.registry_entry}, {@code registry_batch}). */
@ApplicationScoped
public class JpaRegistryRepository implements RegistryRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(RegistryEntry entry) {
        em.persist(entry);
    }

    @Override
    public void add(RegistryBatch batch) {
        em.persist(batch);
    }

    @Override
    public Optional<RegistryEntry> findEntryOfDataset(UUID datasetId) {
        return em.createQuery("select e from RegistryEntry e where e.datasetId = :d", RegistryEntry.class)
                .setParameter("d", datasetId).getResultStream().findFirst();
    }

    @Override
    public List<RegistryEntry> pending(UUID registryId, int limit) {
        return em.createQuery("select e from RegistryEntry e where e.state = :s and e.registryId = :r "
                                + "order by e.createdAt, e.id", RegistryEntry.class)
                .setParameter("s", RegistryEntry.State.PENDING).setParameter("r", registryId).setMaxResults(limit)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    @Override
    public List<UUID> registriesWithPending(int limit) {
        return em.createQuery("select e.registryId from RegistryEntry e where e.state = :s group by e.registryId "
                        + "order by min(e.createdAt)", UUID.class)
                .setParameter("s", RegistryEntry.State.PENDING).setMaxResults(limit).getResultList();
    }

    @Override
    public Optional<RegistryBatch> findBatch(UUID id) {
        return Optional.ofNullable(em.find(RegistryBatch.class, id));
    }

    @Override
    public Optional<RegistryBatch> lockBatch(UUID id) {
        return Optional.ofNullable(em.find(RegistryBatch.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<RegistryEntry> entriesOf(UUID batchId) {
        return em.createQuery("select e from RegistryEntry e where e.batchId = :b order by e.createdAt, e.id",
                RegistryEntry.class).setParameter("b", batchId).getResultList();
    }

    @Override
    public List<RegistryEntry> entries() {
        return em.createQuery("select e from RegistryEntry e order by e.createdAt desc", RegistryEntry.class)
                .getResultList();
    }
}
