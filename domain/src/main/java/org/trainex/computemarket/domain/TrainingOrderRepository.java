package org.trainex.computemarket.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Training orders. */
public interface TrainingOrderRepository {
    void add(TrainingOrder order);

    Optional<TrainingOrder> find(UUID id);

    /** The order, locked for update (pessimistic write lock). */
    Optional<TrainingOrder> findForUpdate(UUID id);

    /** Newest first. */
    List<TrainingOrder> list();
}
