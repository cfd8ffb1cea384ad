package org.trainex.computemarket.api;

import java.util.UUID;

/**
 * The escrow's chain side, {@code ComputeEscrow} (DKLabs, seed 002, Section 7.2 items 1, 3 and 5: the payment "is
 * locked until the job is completed"; providers stake; after verification "there is a challenge period ... After
 * the challenge period ... the results of the training are exchanged for payment through a decentralized escrow
 * system"). Every request is an outbox kind with a JSON payload; keys are {@code "0x" + 64 hex} (the bytes32 of a
 * UUID, {@link org.trainex.shared.api.ChainKeys#bytes32(UUID)}), addresses checksummed, amounts decimal wei. The
 * gateway calls the confirmation methods once the transaction is mined; repeated confirmations change nothing.
 */
public interface EscrowChain {
    /**
     * Outbox kind: {@code ComputeEscrow.lockFromDeposit(orderKey, consumer, value)}: {@code value} wei of the
     * consumer's own on-chain deposit move into the order (the exchange's account pays gas only). Payload {@code {"orderId": uuid, "orderKey": key,
     * "consumer": address, "value": "decimal wei"}}.
     */
    String LOCK_ESCROW_KIND = "LOCK_ESCROW";

    /**
     * Outbox kind: {@code ComputeEscrow.markVerified(orderKey)}: the order's work is accepted and its challenge
     * period starts. Payload {@code {"orderId": uuid, "orderKey": key}}. Confirmed with
     * {@link #escrowVerified(UUID, String, long, long)}, giving the period's end from the {@code Verified} event.
     */
    String MARK_VERIFIED_KIND = "MARK_VERIFIED";

    /**
     * Outbox kind: {@code ComputeEscrow.release(orderKey, providers, providerAmounts, address(0), 0, usageKey,
     * holders, dividendAmounts, usageDigest)} after the challenge period: credits each provider and each
     * shareholder and refunds the rest to the consumer. Payload {@code {"orderId": uuid, "orderKey": key,
     * "providers": [address], "providerAmounts": ["wei"], "usageId": uuid or null, "usageKey": key (zero key when
     * no data fee), "usageDigest": "0x" + 64 hex, "holders": [address], "dividendAmounts": ["wei"], "refundWei":
     * "wei" (what the contract must refund; checked against the {@code Released} event)}}. Confirmed with
     * {@link #escrowReleased(UUID, String, long)}.
     */
    String RELEASE_ESCROW_KIND = "RELEASE_ESCROW";

    /**
     * Outbox kind: {@code ComputeEscrow.refund(orderKey)}: the whole locked amount back to the consumer (a job
     * that failed before any work was accepted). Payload {@code {"orderId": uuid, "orderKey": key}}. Confirmed
     * with {@link #escrowRefunded(UUID, String, long)}.
     */
    String REFUND_ESCROW_KIND = "REFUND_ESCROW";

    /** The lock is on chain. */
    void escrowLocked(UUID orderId, String txHash, long blockNumber);

    /**
     * The order is Verified on chain.
     *
     * @param challengeEndsAt unix seconds (block time) from which {@code release} is allowed
     */
    void escrowVerified(UUID orderId, String txHash, long blockNumber, long challengeEndsAt);

    /** The release (payments, dividends, refund) is on chain. */
    void escrowReleased(UUID orderId, String txHash, long blockNumber);

    /** The full refund is on chain. */
    void escrowRefunded(UUID orderId, String txHash, long blockNumber);
}
