package org.trainex.datamarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.datamarket.api.ChainRecordEvents.RegistrySharesMinted;
import org.trainex.datamarket.application.RegistryService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Records that a registry batch's shares are minted (RegistrySharesMinted, published by the chain gateway;
 * DESIGN.md convention 5, ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector",
        propertyValue = "trainexEventType = 'RegistrySharesMinted'")
})
public class RegistrySharesMintedConsumer extends EventConsumer<RegistrySharesMinted> {
    @Inject
    RegistryService registry;

    public RegistrySharesMintedConsumer() {
        super(RegistrySharesMinted.class);
    }

    @Override
    protected void handle(RegistrySharesMinted e) {
        registry.sharesMinted(e.batchId(), e.receipt());
    }
}
