/**
 * Blobs over HTTP: the exchange's content-addressed blob store ({@code GET/PUT {exchange}/api/blobs/{cid}},
 * {@link org.trainex.jobs.protocol.BlobPaths}) with an OIDC client-credentials bearer token, a local cache of
 * verified blobs by content id, and the errors that separate "the task is at fault" ({@link
 * org.trainex.runner.blobs.BlobException}) from "the exchange cannot be used now" ({@link
 * org.trainex.runner.blobs.ExchangeUnavailableException}).
 */
package org.trainex.runner.blobs;
