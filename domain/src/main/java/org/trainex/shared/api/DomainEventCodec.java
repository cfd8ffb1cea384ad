package org.trainex.shared.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON of {@link DomainEvent}s (Jackson, records by their components). Decoding is strict: an unknown field fails,
 * so publisher and consumer of different versions fail loudly instead of losing data.
 */
public final class DomainEventCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private DomainEventCodec() {
    }

    /** The event's JSON. */
    public static String encode(DomainEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * The event of type {@code type} in {@code json}.
     *
     * @throws IllegalArgumentException if the JSON is not such an event
     */
    public static <E extends DomainEvent> E decode(String json, Class<E> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(),
                    e);
        }
    }
}
