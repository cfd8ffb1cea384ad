package org.trainex.computemarket.api;

/**
 * A consumer's payment wallet and escrow deposit (issue 11 item 1). Amounts are decimal wei.
 *
 * @param wallet       checksummed payment wallet, linked by an EIP-191 signature; null before
 * @param depositWei   the wallet's deposit in {@code ComputeEscrow} on chain, less locks the exchange has made and
 *                     the chain has not mined yet (null without a wallet)
 * @param reservedWei  maximum prices of the consumer's orders that await bids (they lock when matched)
 * @param availableWei what a new order may lock: deposit less reserved (may be negative if the wallet withdrew)
 * @param linkMessage  the text the wallet signs to link (for a wallet not linked yet: with {@code <wallet>})
 */
public record ConsumerAccountView(String consumer, String wallet, String depositWei, String reservedWei,
                                  String availableWei, String linkMessage) {
}
