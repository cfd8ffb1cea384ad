package org.trainex.datamarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.datamarket.api.ChainRecordEvents.RegistryBatchAnchored;
import org.trainex.datamarket.application.RegistryService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Gives a registry batch's entries their Merkle proofs once the batch is anchored (RegistryBatchAnchored, published
 * by the chain gateway; DESIGN.md convention 5, ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector",
        propertyValue = "trainexEventType = 'RegistryBatchAnchored'")
})
public class RegistryBatchAnchoredConsumer extends EventConsumer<RegistryBatchAnchored> {
    @Inject
    RegistryService registry;

    public RegistryBatchAnchoredConsumer() {
        super(RegistryBatchAnchored.class);
    }

    @Override
    protected void handle(RegistryBatchAnchored e) {
        registry.batchAnchored(e);
    }
}
