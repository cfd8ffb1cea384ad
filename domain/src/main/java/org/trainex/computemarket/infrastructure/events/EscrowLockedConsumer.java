package org.trainex.computemarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.computemarket.api.EscrowEvents.EscrowLocked;
import org.trainex.computemarket.application.SettlementService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Marks an order's escrow locked on chain (EscrowLocked, published by the chain gateway; DESIGN.md convention 5,
 * ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = "trainexEventType = 'EscrowLocked'")
})
public class EscrowLockedConsumer extends EventConsumer<EscrowLocked> {
    @Inject
    SettlementService settlement;

    public EscrowLockedConsumer() {
        super(EscrowLocked.class);
    }

    @Override
    protected void handle(EscrowLocked e) {
        settlement.escrowLocked(e.orderId(), e.receipt());
    }
}
