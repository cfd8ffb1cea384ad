package org.trainex.computemarket.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order's itemised bill: what the escrow lock paid for (issue 5 item 5). Amounts are decimal wei; the lines
 * always sum to {@code lockedWei} (money is never lost: {@code balanced} is computed, not assumed).
 *
 * @param state          NONE (not settled yet), CHALLENGE_PERIOD (work accepted, waiting for the period to end),
 *                       RELEASING (release requested on chain), RELEASED, or REFUNDED (nothing accepted)
 * @param lockedWei      the consumer's escrow lock (the order's maximum price)
 * @param providersWei   sum of PROVIDER lines
 * @param dataFeeWei     sum of DIVIDEND lines
 * @param refundWei      the REFUND line
 * @param balanced       providers + data fee + refund == locked
 * @param challengeEndsAt end of the challenge period (chain time), once verified on chain
 */
public record BillView(UUID orderId, String state, String lockedWei, List<Line> lines, String providersWei,
                       String dataFeeWei, String refundWei, boolean balanced, String verifyTxHash,
                       Instant challengeEndsAt, String releaseTxHash, Long releaseBlock, Instant settledAt) {
    /**
     * One line.
     *
     * @param kind        PROVIDER (accepted work), DIVIDEND (data fee to a registry entry's shareholder) or REFUND
     * @param party       provider name, registry entry id, or consumer
     * @param wallet      where the chain pays it
     * @param sampleSteps work accepted (PROVIDER), samples used (DIVIDEND), null for REFUND
     * @param amountWei   decimal wei
     * @param note        how it was computed
     */
    public record Line(String kind, String party, String wallet, Long sampleSteps, String amountWei, String note) {
    }
}
