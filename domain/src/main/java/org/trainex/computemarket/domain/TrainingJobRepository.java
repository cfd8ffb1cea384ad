package org.trainex.computemarket.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Training jobs. */
public interface TrainingJobRepository {
    void add(TrainingJob job);

    Optional<TrainingJob> find(UUID id);

    /** The job, locked for update until the transaction ends (serializes concurrent results of one job). */
    Optional<TrainingJob> findForUpdate(UUID id);

    Optional<TrainingJob> findByOrder(UUID orderId);

    /** Newest first. */
    List<TrainingJob> list();
}
