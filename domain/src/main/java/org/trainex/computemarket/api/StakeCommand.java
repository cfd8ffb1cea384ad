package org.trainex.computemarket.api;

/**
 * Links a provider's payout wallet and has the exchange read the wallet's stake from the escrow contract (DKLabs,
 * seed 002, Section 7.2 item 3: compute is allocated by "the amount staked"). The provider stakes from its own wallet
 * ({@code ComputeEscrow.stake()}); issue 11 item 1.
 *
 * @param wallet    checksummed address
 * @param signature EIP-191 signature by {@code wallet} of {@link Providers#walletMessage(String, String)}; needed
 *                  when the wallet changes
 * @param amountWei must be absent: the exchange no longer stakes on a provider's behalf (a request with it is
 *                  refused with the command that stakes from the wallet)
 */
public record StakeCommand(String wallet, String signature, String amountWei) {
}
