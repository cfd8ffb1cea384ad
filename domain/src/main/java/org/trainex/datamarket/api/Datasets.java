package org.trainex.datamarket.api;

import java.util.List;
import java.util.UUID;

/** The data market's dataset facade (the only way other contexts and the portal reach datasets). */
public interface Datasets {
    /**
     * Checks both blobs (IDX format, matching sample counts, labels) and registers the dataset.
     *
     * @param owner the registering principal
     * @throws org.trainex.shared.api.InvalidInputException if a field is missing or a blob is malformed (nothing
     *                                                      stored)
     * @throws org.trainex.shared.api.NotFoundException     if a blob is not in the store
     */
    DatasetView register(RegisterDatasetCommand command, String owner);

    /** @throws org.trainex.shared.api.NotFoundException if unknown */
    DatasetView get(UUID id);

    /** All datasets, newest first. */
    List<DatasetView> list();
}
