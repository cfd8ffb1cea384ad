package org.trainex.computemarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.computemarket.api.EscrowEvents.EscrowRefunded;
import org.trainex.computemarket.application.SettlementService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Marks an order settled once its full refund is on chain (EscrowRefunded, published by the chain gateway;
 * DESIGN.md convention 5, ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = "trainexEventType = 'EscrowRefunded'")
})
public class EscrowRefundedConsumer extends EventConsumer<EscrowRefunded> {
    @Inject
    SettlementService settlement;

    public EscrowRefundedConsumer() {
        super(EscrowRefunded.class);
    }

    @Override
    protected void handle(EscrowRefunded e) {
        settlement.escrowRefunded(e.orderId(), e.receipt());
    }
}
