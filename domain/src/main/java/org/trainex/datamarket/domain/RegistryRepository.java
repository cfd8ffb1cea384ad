package org.trainex.datamarket.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registry entries and their Merkle batches. */
public interface RegistryRepository {
    void add(RegistryEntry entry);

    void add(RegistryBatch batch);

    Optional<RegistryEntry> findEntryOfDataset(UUID datasetId);

    /** PENDING entries, oldest first, at most {@code limit}. */
    List<RegistryEntry> pending(int limit);

    Optional<RegistryBatch> findBatch(UUID id);

    /** The batch, locked for update until the transaction ends. */
    Optional<RegistryBatch> lockBatch(UUID id);

    /** Entries of a batch in leaf order (the order they were batched in). */
    List<RegistryEntry> entriesOf(UUID batchId);

    /** All entries, newest first. */
    List<RegistryEntry> entries();
}
