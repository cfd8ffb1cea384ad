package org.trainex.datamarket.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The data registry (DataBright, seed 000, Section 2): accepted data as immutable entries whose contributors are
 * shareholders, anchored on chain in Merkle batches by the chain gateway.
 */
@org.trainex.shared.api.CrossContext
public interface Registry {
    /** Newest first. */
    List<RegistryEntryView> entries();

    /** The entry of a dataset, if it was entered in a registry. */
    Optional<RegistryEntryView> entryOfDataset(UUID datasetId);
}
