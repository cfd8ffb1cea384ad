package org.trainex.datamarket.api;

import java.util.List;
import java.util.UUID;

/** The data market's dataset facade (the only way other contexts and the portal reach datasets). */
public interface Datasets {
    /**
     * Checks both blobs (IDX format, matching sample counts, labels) and registers the dataset.
     *
     * @param owner the registering principal
     * @param admin whether it is an admin (who may register any stored blobs)
     * @throws org.trainex.shared.api.InvalidInputException if a field is missing or a blob is malformed (nothing
     *                                                      stored)
     * @throws org.trainex.shared.api.NotFoundException     if a blob is not in the store
     */
    DatasetView register(RegisterDatasetCommand command, String owner, boolean admin);

    /**
     * Registers a dataset for a principal that is not an admin: it may use only blobs it uploaded itself or blobs
     * that are already content of a registered dataset (issue 11 item 2).
     *
     * @throws org.trainex.shared.api.AccessDeniedException if a blob was uploaded by someone else
     */
    default DatasetView register(RegisterDatasetCommand command, String owner) {
        return register(command, owner, false);
    }

    /**
     * An admin enters a dataset in the open registry outside curation: logged, and shown as {@code origin: ADMIN}
     * in the registry view.
     *
     * @throws org.trainex.shared.api.InvalidInputException if a field is missing, the wallet is malformed or zero,
     *                                                      the dataset already has an entry, or its samples
     *                                                      duplicate accepted registry data (with the count)
     * @throws org.trainex.shared.api.NotFoundException     if the dataset is unknown
     */
    RegistryEntryView enterRegistry(AdminRegistryEntryCommand command, String admin);

    /** @throws org.trainex.shared.api.NotFoundException if unknown */
    @org.trainex.shared.api.CrossContext
    DatasetView get(UUID id);

    /** All datasets, newest first. */
    @org.trainex.shared.api.CrossContext
    List<DatasetView> list();
}
