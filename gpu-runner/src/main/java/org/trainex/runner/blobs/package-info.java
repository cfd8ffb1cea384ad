/**
 * Blobs over HTTP: the exchange's content-addressed blob store ({@code GET/PUT {exchange}/api/blobs/{cid}},
 * {@link org.trainex.jobs.protocol.BlobPaths}; downloads name the task in hand, {@code ?task=<taskId>}) with an
 * OIDC client-credentials bearer token and the runner's own key ({@link org.trainex.runner.exchange.RunnerKey},
 * header {@code Trainex-Runner-Key}; issue 11 item 6, ADR 0012), a local cache of verified blobs by content id, and
 * the errors that separate "the task is at fault" ({@link org.trainex.runner.blobs.BlobException}) from "the
 * exchange cannot be used now" ({@link org.trainex.runner.exchange.ExchangeUnavailableException}, with {@link
 * org.trainex.runner.exchange.CredentialsRejectedException} and {@link
 * org.trainex.runner.exchange.RunnerKeyRejectedException} for credentials that waiting does not fix).
 */
package org.trainex.runner.blobs;
