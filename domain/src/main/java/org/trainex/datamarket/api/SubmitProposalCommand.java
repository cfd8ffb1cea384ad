package org.trainex.datamarket.api;

/**
 * A contributor's data proposal: a dataset already uploaded as two IDX blobs, and where the shares go.
 *
 * @param contributorWallet Ethereum address (EIP-55 checked when mixed case) that will hold the shares
 * @param imagesCid         content id of the IDX images blob
 * @param labelsCid         content id of the IDX labels blob
 * @param license           licence the data is offered under, e.g. {@code CC-BY-4.0} (1..100 characters)
 * @param dataCid the CSV blob, for requests with a CSV schema (then imagesCid and labelsCid stay empty)
 */
public record SubmitProposalCommand(String contributorWallet, String imagesCid, String labelsCid, String license,
                                    String dataCid) {
}
