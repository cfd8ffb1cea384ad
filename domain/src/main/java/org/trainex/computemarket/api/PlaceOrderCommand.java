package org.trainex.computemarket.api;

import java.util.UUID;

/**
 * A consumer's training order (DKLabs, seed 002, Section 7.1: problem definition; conditions and price come with
 * the compute-market matching). Null optional fields take the defaults below.
 *
 * @param trainDatasetId dataset to train on (required)
 * @param testDatasetId  held-out dataset to evaluate on (required; same image shape and classes)
 * @param modelName      label for the model; default {@value TrainingOrders#DEFAULT_MODEL}
 * @param modelConfig    the network as a DL4J MultiLayerConfiguration JSON document; default: the reference
 *                       MLP 784-256-10 (ReLU, softmax, Adam 1e-3)
 * @param epochs         passes over the training data, 1..100; default 2
 * @param batchSize      samples per minibatch, 1..65536; default 128
 * @param seed           seed for weight init and shuffling; default 42
 * @param minCapacitySamplesPerSecond conditions (DKLabs, seed 002, Section 7.2 item 1): samples/s on the
 *                       reference model the matched runners must offer together
 * @param maxDurationSeconds the longest the training may take (raises the capacity needed: sampleSteps / duration)
 * @param maxPriceWei    the most the consumer pays for compute (decimal wei); locked in escrow when matched. With a
 *                       price the order goes through the order book; without one it is dispatched to any runner
 *                       (the exchange's own capacity, no payment)
 * @param regions        allowed regions; empty = any
 * @param verificationTier {@code none} (default; more tiers come with verification)
 * @param consumerWallet the consumer's wallet (checksummed), required with a price: escrow refunds go there
 * @param trainDatasetIds further training datasets (e.g. several accepted registry entries), trained together with
 *                       {@code trainDatasetId}; priced orders only; same shape and classes
 * @param rounds         FedAvg rounds (priced orders): each round every chunk trains {@code epochs} local epochs
 *                       from the last global model; default 3, 1..50
 */
public record PlaceOrderCommand(UUID trainDatasetId, UUID testDatasetId, String modelName, String modelConfig,
                                Integer epochs, Integer batchSize, Long seed, Long minCapacitySamplesPerSecond,
                                Long maxDurationSeconds, String maxPriceWei, java.util.List<String> regions,
                                String verificationTier, String consumerWallet,
                                java.util.List<UUID> trainDatasetIds, Integer rounds) {
}
