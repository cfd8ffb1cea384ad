package org.trainex.jobs.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON encoding of the protocol records for JMS text messages. Unknown fields are rejected, so a runner and an
 * exchange of different protocol versions fail loudly instead of silently dropping data.
 */
public final class JobCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** JSON of a task, result or progress record. */
    public static String encode(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** @throws MalformedMessageException if the JSON is not a valid task */
    public static Task decodeTask(String json) {
        return decode(json, Task.class);
    }

    /** @throws MalformedMessageException if the JSON is not a valid result */
    public static TaskResult decodeResult(String json) {
        return decode(json, TaskResult.class);
    }

    /** @throws MalformedMessageException if the JSON is not a valid progress report */
    public static TaskProgress decodeProgress(String json) {
        return decode(json, TaskProgress.class);
    }

    private static <T> T decode(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedMessageException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Thrown when a message does not decode into the expected record; such a message is never retried. */
    public static final class MalformedMessageException extends RuntimeException {
        public MalformedMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private JobCodec() {
    }
}
