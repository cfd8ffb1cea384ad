package org.trainex.datamarket.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.shared.api.ContentId;

/** Registered datasets. */
public interface DatasetRepository {
    void add(Dataset dataset);

    Optional<Dataset> find(UUID id);

    Optional<Dataset> findByContent(ContentId images, ContentId labels);

    /** Whether blob {@code cid} is the images or labels of a registered dataset. */
    boolean anyWithBlob(ContentId cid);

    /** All datasets, newest first. */
    List<Dataset> list();
}
