package org.trainex.datamarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.datamarket.api.ChainRecordEvents.DataFeePaid;
import org.trainex.datamarket.application.DividendService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Marks a data usage's dividends paid on chain (DataFeePaid, published by the chain gateway; DESIGN.md convention
 * 5, ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = "trainexEventType = 'DataFeePaid'")
})
public class DataFeePaidConsumer extends EventConsumer<DataFeePaid> {
    @Inject
    DividendService dividends;

    public DataFeePaidConsumer() {
        super(DataFeePaid.class);
    }

    @Override
    protected void handle(DataFeePaid e) {
        dividends.dataFeePaid(e.usageId(), e.receipt());
    }
}
