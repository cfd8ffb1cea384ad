package org.trainex.datamarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.datamarket.api.ChainRecordEvents.CurationTallyAnchored;
import org.trainex.datamarket.application.CurationService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Records a proposal's tally as anchored (CurationTallyAnchored, published by the chain gateway; DESIGN.md
 * convention 5, ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector",
        propertyValue = "trainexEventType = 'CurationTallyAnchored'")
})
public class CurationTallyAnchoredConsumer extends EventConsumer<CurationTallyAnchored> {
    @Inject
    CurationService curation;

    public CurationTallyAnchoredConsumer() {
        super(CurationTallyAnchored.class);
    }

    @Override
    protected void handle(CurationTallyAnchored e) {
        curation.tallyAnchored(e.proposalId(), e.ballotsRoot(), e.receipt());
    }
}
