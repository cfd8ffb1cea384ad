package org.trainex.computemarket.api;

import java.util.List;
import java.util.UUID;

/** The compute market's order facade. */
public interface TrainingOrders {
    /** Label of the default model: an MLP with 784 inputs, 256 ReLU units and 10 softmax outputs. */
    String DEFAULT_MODEL = "mlp-784-256-10";

    /**
     * Validates the order, records it with its job and dispatches the first training task, in one transaction.
     *
     * @param consumer the ordering principal
     * @throws org.trainex.shared.api.InvalidInputException if a field is invalid or the datasets do not fit together
     * @throws org.trainex.shared.api.NotFoundException     if a dataset does not exist
     */
    OrderView place(PlaceOrderCommand command, String consumer);

    /** @throws org.trainex.shared.api.NotFoundException if unknown */
    OrderView get(UUID id);

    /** All orders, newest first. */
    List<OrderView> list();

    /**
     * The match of a priced order.
     *
     * @throws org.trainex.shared.api.NotFoundException if the order is unknown or not matched
     */
    MatchView match(java.util.UUID orderId);

    /**
     * A price estimate from the book for an order with these conditions (the max price is not applied).
     *
     * @param trainDatasetId the training dataset (its size times epochs is the work)
     * @throws org.trainex.shared.api.InvalidInputException if a condition is missing or not positive
     * @throws org.trainex.shared.api.NotFoundException     if the dataset is unknown
     */
    QuoteView quote(java.util.UUID trainDatasetId, Integer epochs, Long minCapacitySamplesPerSecond,
                    Long maxDurationSeconds, java.util.List<String> regions);

    /**
     * The order's itemised bill (issue 5 item 5).
     *
     * @throws org.trainex.shared.api.NotFoundException if the order is unknown or unpriced
     */
    BillView bill(java.util.UUID orderId);
}
