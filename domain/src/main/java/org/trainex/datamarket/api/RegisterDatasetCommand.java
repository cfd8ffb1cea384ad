package org.trainex.datamarket.api;

/**
 * Register a labelled image dataset from two blobs already uploaded to the blob store.
 *
 * @param name      display name, 1..200 characters
 * @param imagesCid content id of the IDX images file (gzip allowed)
 * @param labelsCid content id of the IDX labels file (gzip allowed)
 * @param contributorWallet optional Ethereum address of the contributor: when given, the dataset is entered in
 *                  the open registry, anchored on chain, and the contributor holds its shares
 */
public record RegisterDatasetCommand(String name, String imagesCid, String labelsCid, String contributorWallet) {
}
