package org.trainex.datamarket.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.computemarket.api.JobEvents.DataUsed;
import org.trainex.datamarket.application.DividendService;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * Records the usage of registry data by a settled order and splits its data fee into dividends (DataUsed, published
 * by the compute market; DESIGN.md convention 5, ADR 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = "trainexEventType = 'DataUsed'")
})
public class DataUsedConsumer extends EventConsumer<DataUsed> {
    @Inject
    DividendService dividends;

    public DataUsedConsumer() {
        super(DataUsed.class);
    }

    @Override
    protected void handle(DataUsed e) {
        dividends.recordEscrowedUsage(e);
    }
}
