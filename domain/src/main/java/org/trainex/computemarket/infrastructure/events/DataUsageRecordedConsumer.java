package org.trainex.computemarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.datamarket.api.DividendEvents.DataUsageRecorded;
import org.trainex.computemarket.application.SettlementService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Adds the dividends to an order's bill and requests markVerified (DataUsageRecorded, published by the data market;
 * DESIGN.md convention 5, ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector",
        propertyValue = "trainexEventType = 'DataUsageRecorded'")
})
public class DataUsageRecordedConsumer extends EventConsumer<DataUsageRecorded> {
    @Inject
    SettlementService settlement;

    public DataUsageRecordedConsumer() {
        super(DataUsageRecorded.class);
    }

    @Override
    protected void handle(DataUsageRecorded e) {
        settlement.usageRecorded(e);
    }
}
