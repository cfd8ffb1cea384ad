package org.trainex.shared.api;

/**
 * Publishes {@link DomainEvent}s to the contexts that react to them (DESIGN.md convention 5; ADR 0013).
 *
 * <p>The event is sent over JMS to the queue {@value #QUEUE} inside the caller's JTA transaction: it is delivered
 * if and only if that transaction commits, together with the change it announces. Each event type is consumed by
 * one message-driven bean named {@code <Event>Consumer} in the reacting context's {@code infrastructure} package,
 * which selects its messages by the {@value #TYPE_PROPERTY} property (the event's simple class name) and calls an
 * application service, once per event id.
 */
public interface DomainEvents {
    /** The queue all domain events travel on. */
    String QUEUE = "DomainEvents";
    /** Its JNDI name inside the server. */
    String QUEUE_JNDI = "java:/jms/queue/" + QUEUE;
    /** JMS string property naming the event type: the record's simple class name, e.g. {@code EscrowLocked}. */
    String TYPE_PROPERTY = "trainexEventType";

    /**
     * Sends {@code event} in the caller's transaction.
     *
     * @throws IllegalStateException if there is no transaction or the broker refuses the message (the caller's
     *                               transaction then rolls back, so the change and its event stay together)
     */
    void publish(DomainEvent event);
}
