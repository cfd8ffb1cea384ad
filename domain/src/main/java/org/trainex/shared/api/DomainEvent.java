package org.trainex.shared.api;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Something that happened in a context, named in the past tense (DESIGN.md convention 5): {@code EscrowLocked},
 * {@code JobCompleted}, {@code WorkVerified}. Events are records in the publishing context's {@code api} package,
 * built only of ids, strings, numbers, lists and other records (they travel as JSON, {@link DomainEventCodec}).
 *
 * <p>Every event has an id; a consumer handles an id once ({@link ProcessedEvents}), so a redelivered message
 * changes nothing.
 */
public interface DomainEvent {
    /** The event's id: unique per fact, the same when the same fact is published again. */
    UUID eventId();

    /**
     * A deterministic event id for {@code fact} of {@code subject}, e.g. {@code idOf("EscrowLocked", requestId)}:
     * publishing the same fact twice gives the same id, so consumers handle it once.
     */
    static UUID idOf(String fact, Object subject) {
        return UUID.nameUUIDFromBytes((fact + ":" + subject).getBytes(StandardCharsets.UTF_8));
    }
}
