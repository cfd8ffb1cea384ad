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
     * A price estimate from the book for an order with these conditions (the max price is not applied): the whole
     * work of a priced order, {@code (sum of the datasets' samples) x epochs x rounds} sample-steps, priced at the
     * cheapest covering bids, plus the data fee and the least maximum price that would match now
     * (issue 5 item 6).
     *
     * @param trainDatasetIds the training datasets (at least one; repeats count once), all IDX images of one shape
     * @param epochs          local epochs per round, 1..100; null: the order default (2)
     * @param rounds          FedAvg rounds, 1..50; null: the priced-order default (3)
     * @throws org.trainex.shared.api.InvalidInputException if a condition is missing, not positive or out of range,
     *                                                      or the datasets differ in shape
     * @throws org.trainex.shared.api.NotFoundException     if a dataset is unknown
     */
    QuoteView quote(java.util.List<java.util.UUID> trainDatasetIds, Integer epochs, Integer rounds,
                    Long minCapacitySamplesPerSecond, Long maxDurationSeconds, java.util.List<String> regions);

    /**
     * The order's itemised bill (issue 5 item 5).
     *
     * @throws org.trainex.shared.api.NotFoundException if the order is unknown or unpriced
     */
    BillView bill(java.util.UUID orderId);
}
