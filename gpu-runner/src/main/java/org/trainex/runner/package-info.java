/**
 * The Trainex gpu-runner: a standalone process that takes training, evaluation and oracle classification tasks
 * from the exchange's Artemis broker one at a time, fetches its inputs as content-addressed blobs over HTTP,
 * runs them with DL4J/ND4J and answers with exactly one result per task (DESIGN.md, Shape and Modules: gpu-runner).
 *
 * <p>Packages by feature: {@code cli} (entry point, options), {@code messaging} (JMS loop),
 * {@code blobs} (HTTP blob store and OIDC client-credentials tokens), {@code data} (IDX files to DL4J
 * datasets), {@code training} (train, evaluate and classify executors, progress), {@code models} (reference model
 * configurations), {@code capacity} (capacity probe, registration with the exchange and heartbeats),
 * {@code bench} (throughput benchmark).
 */
package org.trainex.runner;
