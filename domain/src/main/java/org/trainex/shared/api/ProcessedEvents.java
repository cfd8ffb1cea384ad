package org.trainex.shared.api;

import java.util.UUID;

/**
 * Which events each consumer has handled, so that a consumer handles an event id once although JMS delivers at
 * least once (DESIGN.md convention 5). Table {@code shared.processed_event}.
 */
public interface ProcessedEvents {
    /**
     * Records that {@code consumer} handles {@code eventId}, in the caller's transaction.
     *
     * @param consumer the consumer's name, e.g. {@code EscrowLockedConsumer}
     * @return true the first time; false if this consumer already handled the event (do nothing then)
     */
    boolean firstDelivery(UUID eventId, String consumer);
}
