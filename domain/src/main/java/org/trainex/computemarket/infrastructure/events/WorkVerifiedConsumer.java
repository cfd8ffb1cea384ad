package org.trainex.computemarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import java.time.Instant;
import org.trainex.verification.api.VerificationEvents.WorkVerified;
import org.trainex.computemarket.application.SettlementService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Settles an order once the verification context accepted its job's work (WorkVerified, published by the
 * verification context; DESIGN.md convention 5, ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = "trainexEventType = 'WorkVerified'")
})
public class WorkVerifiedConsumer extends EventConsumer<WorkVerified> {
    @Inject
    SettlementService settlement;

    public WorkVerifiedConsumer() {
        super(WorkVerified.class);
    }

    @Override
    protected void handle(WorkVerified e) {
        settlement.settle(e.orderId(), e.jobSucceeded(), Instant.now());
    }
}
