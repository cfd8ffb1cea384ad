package org.trainex.shared.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.jms.TextMessage;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trainex.shared.api.ChainReceipt;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEventCodec;

/** The base of every {@code <Event>Consumer}: once per event id, malformed messages dropped (ADR 0013). */
class EventConsumerTest {
    record Happened(UUID eventId, UUID subject, ChainReceipt receipt) implements DomainEvent {
    }

    static final class HappenedConsumer extends EventConsumer<Happened> {
        final List<Happened> handled = new ArrayList<>();

        HappenedConsumer(Set<String> seen) {
            super(Happened.class);
            processed = (id, consumer) -> seen.add(id + "/" + consumer);
        }

        @Override
        protected void handle(Happened e) {
            handled.add(e);
        }
    }

    static TextMessage text(String body) {
        return (TextMessage) Proxy.newProxyInstance(EventConsumerTest.class.getClassLoader(),
                new Class<?>[] {TextMessage.class}, (p, m, a) -> m.getName().equals("getText") ? body : null);
    }

    @Test
    void aRedeliveredEventIsHandledOnce() {
        Set<String> seen = new HashSet<>();
        HappenedConsumer consumer = new HappenedConsumer(seen);
        Happened e = new Happened(DomainEvent.idOf("Happened", "x"), UUID.randomUUID(),
                new ChainReceipt("0x" + "12".repeat(32), 7L));
        String json = DomainEventCodec.encode(e);
        consumer.onMessage(text(json));
        consumer.onMessage(text(json));
        assertEquals(List.of(e), consumer.handled);
        assertEquals(1, seen.size(), "the duplicate was looked up and refused, not handled");
        Happened other = new Happened(DomainEvent.idOf("Happened", "y"), e.subject(), e.receipt());
        consumer.onMessage(text(DomainEventCodec.encode(other)));
        assertEquals(List.of(e, other), consumer.handled);
    }

    @Test
    void aMalformedEventIsDroppedWithoutBeingMarked() {
        Set<String> seen = new HashSet<>();
        HappenedConsumer consumer = new HappenedConsumer(seen);
        consumer.onMessage(text("{\"eventId\":\"not a uuid\"}"));
        consumer.onMessage(text("{\"eventId\":\"" + UUID.randomUUID() + "\",\"surplus\":1}"));
        assertEquals(List.of(), consumer.handled);
        assertEquals(Set.of(), seen);
    }

    @Test
    void theSameIdMeansTheSameFact() {
        assertEquals(DomainEvent.idOf("EscrowLocked", "r1"), DomainEvent.idOf("EscrowLocked", "r1"));
        assertEquals(false, DomainEvent.idOf("EscrowLocked", "r1").equals(DomainEvent.idOf("EscrowVerified", "r1")));
    }
}
