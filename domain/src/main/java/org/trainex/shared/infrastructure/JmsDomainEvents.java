package org.trainex.shared.infrastructure;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.logging.Logger;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEventCodec;
import org.trainex.shared.api.DomainEvents;

/**
 * {@link DomainEvents} over the server's Artemis broker: a persistent text message (the event's JSON) on
 * {@value DomainEvents#QUEUE_JNDI}, typed by {@value DomainEvents#TYPE_PROPERTY}. The container's {@link JMSContext}
 * joins the caller's JTA transaction (XA), so the message is sent if and only if the transaction commits.
 */
@ApplicationScoped
public class JmsDomainEvents implements DomainEvents {
    private static final Logger LOG = Logger.getLogger(JmsDomainEvents.class.getName());

    @Inject
    JMSContext jms;

    @Resource(lookup = DomainEvents.QUEUE_JNDI)
    Queue queue;

    @Override
    public void publish(DomainEvent event) {
        String type = event.getClass().getSimpleName();
        try {
            TextMessage m = jms.createTextMessage(DomainEventCodec.encode(event));
            m.setStringProperty(TYPE_PROPERTY, type);
            jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(queue, m);
        } catch (JMSRuntimeException | JMSException e) {
            throw new IllegalStateException("cannot publish " + type + " " + event.eventId() + ": " + e.getMessage(),
                    e);
        }
        LOG.fine(() -> "published " + type + " " + event.eventId());
    }
}
