package org.trainex.computemarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.computemarket.api.EscrowEvents.EscrowReleased;
import org.trainex.computemarket.application.SettlementService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Marks an order settled once its escrow release is on chain (EscrowReleased, published by the chain gateway;
 * DESIGN.md convention 5, ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = "trainexEventType = 'EscrowReleased'")
})
public class EscrowReleasedConsumer extends EventConsumer<EscrowReleased> {
    @Inject
    SettlementService settlement;

    public EscrowReleasedConsumer() {
        super(EscrowReleased.class);
    }

    @Override
    protected void handle(EscrowReleased e) {
        settlement.escrowReleased(e.orderId(), e.receipt());
    }
}
