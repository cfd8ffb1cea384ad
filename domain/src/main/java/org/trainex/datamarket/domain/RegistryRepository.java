package org.trainex.datamarket.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registry entries and their Merkle batches. */
public interface RegistryRepository {
    void add(RegistryEntry entry);

    void add(RegistryBatch batch);

    Optional<RegistryEntry> findEntryOfDataset(UUID datasetId);

    /** PENDING entries of registry {@code registryId}, oldest first, at most {@code limit}, locked for update. */
    List<RegistryEntry> pending(UUID registryId, int limit);

    /** Registries with PENDING entries, the one whose oldest pending entry is oldest first. */
    List<UUID> registriesWithPending(int limit);

    Optional<RegistryBatch> findBatch(UUID id);

    /** The batch, locked for update until the transaction ends. */
    Optional<RegistryBatch> lockBatch(UUID id);

    /** Entries of a batch in leaf order (the order they were batched in). */
    List<RegistryEntry> entriesOf(UUID batchId);

    /** All entries, newest first. */
    List<RegistryEntry> entries();
}
