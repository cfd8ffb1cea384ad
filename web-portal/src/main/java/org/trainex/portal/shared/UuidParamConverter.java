package org.trainex.portal.shared;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Converts path and query parameters of type {@link UUID} strictly (8-4-4-4-12 hex digits). A malformed id is a
 * client error: 400 problem+json "malformed id ...", not the 404 JAX-RS gives by default when a path or query
 * parameter cannot be converted (issue 11, item 8: "bad UUIDs give 404 instead of 400").
 */
@Provider
public class UuidParamConverter implements ParamConverterProvider, ParamConverter<UUID> {
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == UUID.class ? (ParamConverter<T>) this : null;
    }

    /** @throws BadRequestException (400) naming the value (cut to 64 characters) if it is not a UUID */
    @Override
    public UUID fromString(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (!UUID_TEXT.matcher(v).matches()) {
            String shown = v.length() > 64 ? v.substring(0, 64) + "..." : v;
            throw new BadRequestException("malformed id '" + shown + "': an id is a UUID such as "
                    + "3f2b8c1e-0d4a-4e6b-9a7c-2b1d5e8f0a9c");
        }
        return UUID.fromString(v);
    }

    @Override
    public String toString(UUID value) {
        return value == null ? null : value.toString();
    }
}
