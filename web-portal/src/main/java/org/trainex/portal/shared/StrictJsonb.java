package org.trainex.portal.shared;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Type;
import java.math.BigDecimal;

/**
 * The REST API's JSON-B configuration: integer fields ({@code Integer}, {@code Long}) of request bodies are read
 * exactly, so that an out-of-range number is refused instead of silently wrapped (issue 11 finding 9:
 * {@code "epochs": 4294967301} was stored as 5). A JSON number that is not an integer, or does not fit the field
 * (-2^31..2^31-1 for {@code Integer}, -2^63..2^63-1 for {@code Long}), makes the body malformed:
 * {@link ProblemMapper} answers 400 problem+json naming the number, and nothing changes. Everything else is
 * JSON-B's default.
 */
@Provider
public class StrictJsonb implements ContextResolver<Jsonb> {
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withDeserializers(new StrictInteger(), new StrictLong()));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }

    /** The exact integer value of the current JSON number (or numeric string), or null for JSON null. */
    static BigDecimal integral(JsonParser parser, String kind) {
        jakarta.json.JsonValue v = parser.getValue();
        BigDecimal d;
        switch (v.getValueType()) {
            case NULL -> {
                return null;
            }
            case NUMBER -> d = ((jakarta.json.JsonNumber) v).bigDecimalValue();
            case STRING -> {
                String text = ((jakarta.json.JsonString) v).getString();
                try {
                    d = new BigDecimal(text.strip());
                } catch (NumberFormatException x) {
                    throw new JsonbException("\"" + abbreviate(text) + "\" is not " + kind);
                }
            }
            default -> throw new JsonbException("expected " + kind + ", found " + v.getValueType());
        }
        try {
            return new BigDecimal(d.toBigIntegerExact());
        } catch (ArithmeticException x) {
            throw new JsonbException(abbreviate(d.toString()) + " is not " + kind + " (not a whole number)");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** {@code Integer}: -2^31..2^31-1 exactly. */
    public static final class StrictInteger implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            BigDecimal d = integral(parser, "an integer in -2147483648..2147483647");
            if (d == null) {
                return null;
            }
            try {
                return d.intValueExact();
            } catch (ArithmeticException x) {
                throw new JsonbException(abbreviate(d.toString()) + " is out of range: an integer in "
                        + "-2147483648..2147483647 is expected");
            }
        }
    }

    /** {@code Long}: -2^63..2^63-1 exactly. */
    public static final class StrictLong implements JsonbDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            BigDecimal d = integral(parser, "an integer in -2^63..2^63-1");
            if (d == null) {
                return null;
            }
            try {
                return d.longValueExact();
            } catch (ArithmeticException x) {
                throw new JsonbException(abbreviate(d.toString()) + " is out of range: an integer in "
                        + "-9223372036854775808..9223372036854775807 is expected");
            }
        }
    }
}
