package org.trainex.computemarket.api;

/**
 * Links a provider's payout wallet and stakes through the escrow contract (DKLabs, seed 002, Section 7.2 item 3:
 * compute is allocated by "the amount staked").
 *
 * @param wallet    checksummed address
 * @param signature EIP-191 signature by {@code wallet} of {@link Providers#walletMessage(String, String)}; needed
 *                  when the wallet changes
 * @param amountWei decimal wei to add to the stake, &gt; 0
 */
public record StakeCommand(String wallet, String signature, String amountWei) {
}
