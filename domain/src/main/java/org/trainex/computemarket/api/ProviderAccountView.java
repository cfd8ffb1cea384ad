package org.trainex.computemarket.api;

import java.util.List;

/**
 * A provider's account: payout wallet, stake and earnings (issue 5 items 2 and 5).
 *
 * @param wallet        payout wallet (checksummed), linked by an EIP-191 signature; null before
 * @param stakedWei     stake recorded by the exchange (decimal wei)
 * @param stakeOnChainWei stake confirmed on chain
 * @param earnedWei     balance of the provider's ledger account (payments for accepted work)
 * @param payouts       one line per settled order
 */
public record ProviderAccountView(String provider, String wallet, String stakedWei, String stakeOnChainWei,
                                  String earnedWei, List<Payout> payouts) {
    /** A payment for one order's accepted work. */
    public record Payout(java.util.UUID orderId, long sampleSteps, String amountWei, String state,
                         String releaseTxHash) {
    }
}
