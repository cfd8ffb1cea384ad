package org.trainex.datamarket.api;

/**
 * An admin enters a registered dataset in the open registry outside curation (issue 11 item 2: the registry is
 * written only by curation, or by an admin action that is logged and shown as such). The entry is anchored on chain
 * like any other, its contributor holds one share per sample, and the registry view marks it {@code origin: ADMIN},
 * {@code enteredBy: "admin <name>"}. Its samples must not duplicate accepted registry data (as for proposals).
 *
 * @param datasetId         a registered dataset without a registry entry
 * @param contributorWallet the shareholder's Ethereum address (not the zero address)
 * @param reason            why it bypasses curation, 1..500 characters (logged)
 */
public record AdminRegistryEntryCommand(java.util.UUID datasetId, String contributorWallet, String reason) {
}
