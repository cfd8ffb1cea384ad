package org.trainex.computemarket.api;

import java.util.List;
import java.util.UUID;

/** The compute market's order facade. */
public interface TrainingOrders {
    /** Label of the default model: an MLP with 784 inputs, 256 ReLU units and 10 softmax outputs. */
    String DEFAULT_MODEL = "mlp-784-256-10";

    /** Most samples/s an order may ask for ({@code minCapacitySamplesPerSecond}): 10^9. */
    long MAX_CAPACITY_SAMPLES_PER_SECOND = 1_000_000_000L;
    /** Longest {@code maxDurationSeconds}: 366 days. */
    long MAX_DURATION_SECONDS = 366L * 24 * 3600;
    /** Most datasets in {@code trainDatasetIds}, and most regions. */
    int MAX_LIST = 100;

    /**
     * Validates the order, records it with its job and dispatches the first training task, in one transaction.
     * Bounds (400 outside them, nothing changes): epochs 1..100, batchSize 1..65,536, rounds 1..50,
     * minCapacitySamplesPerSecond 1..10^9, maxDurationSeconds 1..31,622,400 (366 days), maxPriceWei an integer of
     * wei below 2^256 whose compute budget after the data fee is at least 1 wei, at most 100 trainDatasetIds and
     * 100 regions; the work (samples x epochs x rounds) must fit in a 64-bit integer. An order without
     * {@code maxPriceWei} (no match, no escrow, no payment) is refused unless the caller is an admin (issue 11
     * item 7).
     *
     * @param caller the ordering principal; its name becomes the order's consumer
     * @throws org.trainex.shared.api.InvalidInputException if a field is invalid or the datasets do not fit together
     * @throws org.trainex.shared.api.NotFoundException     if a dataset does not exist
     */
    OrderView place(PlaceOrderCommand command, Caller caller);

    /**
     * An order the caller may read ({@link Caller#mayRead}).
     *
     * @throws org.trainex.shared.api.NotFoundException if unknown or not the caller's to read
     */
    OrderView get(UUID id, Caller caller);

    /** The orders the caller may read, newest first (all of them for an admin). */
    List<OrderView> list(Caller caller);

    /**
     * The match of a priced order the caller may read.
     *
     * @throws org.trainex.shared.api.NotFoundException if the order is unknown, not the caller's to read, or not
     *                                                  matched
     */
    MatchView match(java.util.UUID orderId, Caller caller);

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
     * The order's itemised bill (issue 5 item 5), for a caller who may read the order.
     *
     * @throws org.trainex.shared.api.NotFoundException if the order is unknown, not the caller's to read, or
     *                                                  unpriced
     */
    BillView bill(java.util.UUID orderId, Caller caller);
}
