package org.trainex.computemarket.api;

import java.util.UUID;
import org.trainex.shared.api.ChainReceipt;
import org.trainex.shared.api.DomainEvent;

/**
 * What the chain gateway announces about an order's escrow on {@code ComputeEscrow} once a transaction is mined with
 * enough confirmations (DKLabs, seed 002, Section 7.2 items 1 and 5). Published in the transaction that confirms the
 * outbox row; consumed by the compute market ({@code <Event>Consumer} MDBs), each once per event id.
 */
public final class EscrowEvents {
    private EscrowEvents() {
    }

    /** The order's lock is on chain ({@code Locked} event). */
    public record EscrowLocked(UUID eventId, UUID orderId, ChainReceipt receipt) implements DomainEvent {
    }

    /**
     * The order is Verified on chain ({@code Verified} event): its challenge period runs.
     *
     * @param challengeEndsAt unix seconds (block time) from which {@code release} is allowed
     */
    public record EscrowVerified(UUID eventId, UUID orderId, ChainReceipt receipt, long challengeEndsAt)
            implements DomainEvent {
    }

    /**
     * The release (provider payments, dividends, refund) is on chain ({@code Released} event). With a data fee the
     * gateway also announces the data market's {@code DataFeePaid} for the usage.
     */
    public record EscrowReleased(UUID eventId, UUID orderId, ChainReceipt receipt)
            implements DomainEvent {
    }

    /** The full refund is on chain ({@code Refunded} event). */
    public record EscrowRefunded(UUID eventId, UUID orderId, ChainReceipt receipt) implements DomainEvent {
    }
}
