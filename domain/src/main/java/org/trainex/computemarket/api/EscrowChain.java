package org.trainex.computemarket.api;

import java.util.UUID;

/**
 * The escrow's chain side (DKLabs, seed 002, Section 7.2 item 1: the payment "is locked until the job is
 * completed"): a matched order's maximum price is locked in {@code ComputeEscrow}.
 */
public interface EscrowChain {
    /**
     * Outbox kind: {@code ComputeEscrow.lock(orderKey, consumer)} sending {@code value} wei (the exchange's account
     * pays on the consumer's behalf, as its custodian). Payload {@code {"orderId": uuid, "orderKey": "0x" + 64 hex
     * (bytes32 of the UUID), "consumer": checksummed address, "value": "decimal wei"}}.
     */
    String LOCK_ESCROW_KIND = "LOCK_ESCROW";

    /** The gateway's confirmation of the lock. Repeated confirmations change nothing. */
    void escrowLocked(UUID orderId, String txHash, long blockNumber);
}
