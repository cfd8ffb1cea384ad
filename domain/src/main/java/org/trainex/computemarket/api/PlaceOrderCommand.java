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
 */
public record PlaceOrderCommand(UUID trainDatasetId, UUID testDatasetId, String modelName, String modelConfig,
                                Integer epochs, Integer batchSize, Long seed) {
}
