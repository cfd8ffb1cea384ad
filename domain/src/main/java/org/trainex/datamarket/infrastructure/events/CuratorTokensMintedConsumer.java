package org.trainex.datamarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.datamarket.api.ChainRecordEvents.CuratorTokensMinted;
import org.trainex.datamarket.application.CurationService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Records that a curator token grant is minted (CuratorTokensMinted, published by the chain gateway; DESIGN.md
 * convention 5, ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector",
        propertyValue = "trainexEventType = 'CuratorTokensMinted'")
})
public class CuratorTokensMintedConsumer extends EventConsumer<CuratorTokensMinted> {
    @Inject
    CurationService curation;

    public CuratorTokensMintedConsumer() {
        super(CuratorTokensMinted.class);
    }

    @Override
    protected void handle(CuratorTokensMinted e) {
        curation.curatorTokensMinted(e.grantId(), e.receipt());
    }
}
