package org.trainex.shared.infrastructure;

import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.logging.Logger;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEventCodec;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.api.ProcessedEvents;

/**
 * The body of every {@code <Event>Consumer} message-driven bean (DESIGN.md convention 5; ADR 0013): decodes the
 * event, handles it once per event id ({@link ProcessedEvents}) and calls an application service, all in the
 * container's JTA transaction that also acknowledges the message. If handling throws, the transaction rolls back
 * and the broker redelivers (then, after the queue's delivery limit, moves the message to {@code TaskDeadLetter}).
 * A message that is not a valid event can never succeed: it is logged and dropped.
 *
 * <p>A subclass is annotated {@code @MessageDriven} with {@code destinationLookup} = {@value
 * DomainEvents#QUEUE_JNDI} and {@code messageSelector} = {@code trainexEventType = '<Event>'} (its
 * {@link #selector}), and implements {@link #handle}.
 *
 * @param <E> the event it consumes
 */
public abstract class EventConsumer<E extends DomainEvent> implements MessageListener {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class.getName());

    @Inject
    ProcessedEvents processed;

    private final Class<E> type;

    protected EventConsumer(Class<E> type) {
        this.type = type;
    }

    /** The message selector of a consumer of {@code type}. */
    public static String selector(Class<? extends DomainEvent> type) {
        return DomainEvents.TYPE_PROPERTY + " = '" + type.getSimpleName() + "'";
    }

    /** Applies the event (in the delivery's transaction); called once per event id. */
    protected abstract void handle(E event);

    @Override
    public void onMessage(Message message) {
        E event;
        try {
            if (!(message instanceof TextMessage text)) {
                LOG.warning(() -> getClass().getSimpleName() + " dropped a non-text message: " + message);
                return;
            }
            event = DomainEventCodec.decode(text.getText(), type);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> getClass().getSimpleName() + " dropped a malformed " + type.getSimpleName() + ": "
                    + e.getMessage());
            return;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read a " + type.getSimpleName() + " message", e);
        }
        if (!processed.firstDelivery(event.eventId(), getClass().getSimpleName())) {
            LOG.fine(() -> type.getSimpleName() + " " + event.eventId() + " was handled before; ignored");
            return;
        }
        handle(event);
    }
}
