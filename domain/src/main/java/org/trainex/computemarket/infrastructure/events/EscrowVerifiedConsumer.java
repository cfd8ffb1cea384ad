package org.trainex.computemarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.computemarket.api.EscrowEvents.EscrowVerified;
import org.trainex.computemarket.application.SettlementService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Starts an order's challenge period once its escrow is Verified on chain (EscrowVerified, published by the chain
 * gateway; DESIGN.md convention 5, ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = "trainexEventType = 'EscrowVerified'")
})
public class EscrowVerifiedConsumer extends EventConsumer<EscrowVerified> {
    @Inject
    SettlementService settlement;

    public EscrowVerifiedConsumer() {
        super(EscrowVerified.class);
    }

    @Override
    protected void handle(EscrowVerified e) {
        settlement.escrowVerified(e.orderId(), e.receipt(), e.challengeEndsAt());
    }
}
