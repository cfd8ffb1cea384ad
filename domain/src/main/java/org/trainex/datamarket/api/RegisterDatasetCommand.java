package org.trainex.datamarket.api;

/**
 * Register a labelled image dataset from two blobs already uploaded to the blob store.
 *
 * @param name      display name, 1..200 characters
 * @param imagesCid content id of the IDX images file (gzip allowed)
 * @param labelsCid content id of the IDX labels file (gzip allowed)
 * @param contributorWallet must be absent: the registry is written only by curation or by an admin
 *                  ({@code POST /api/admin/registry-entries}, {@link AdminRegistryEntryCommand}); a registration
 *                  that names one is refused with 400 (issue 11 item 2)
 */
public record RegisterDatasetCommand(String name, String imagesCid, String labelsCid, String contributorWallet) {
}
