package org.trainex.shared.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one codec of {@link ChainCommand}s (DESIGN.md conventions 15 and 17: Jackson): a command is stored in the
 * chain outbox as its {@link ChainCommand#kind() kind} and a JSON object of its record components. Amounts are
 * written as decimal strings (a uint256 does not fit a JSON number that every reader keeps exact), wallets as their
 * checksummed text, keys as {@code 0x} + 64 hex.
 *
 * <p>Decoding is strict: an unknown field, a missing one (present but {@code null} is allowed where the record
 * allows it, e.g. a release's {@code usageId}), a fraction where an integer belongs, or any rule of the record fails
 * with an {@link IllegalArgumentException} whose message names the field, e.g. {@code "holders[0]": not an Ethereum
 * address ...}. Payloads written before the commands were typed decode unchanged (same field names and forms).
 */
public final class ChainCommandCodec {
    private static final Map<String, Class<? extends ChainCommand>> TYPES = Arrays
            .stream(ChainCommand.class.getPermittedSubclasses())
            .map(c -> c.asSubclass(ChainCommand.class))
            .collect(Collectors.toUnmodifiableMap(ChainCommandCodec::kind, Function.identity()));

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .addModule(new SimpleModule("trainex-chain-values")
                    .addSerializer(BigInteger.class, ToStringSerializer.instance)
                    .addSerializer(WalletAddress.class, new WalletSerializer())
                    .addDeserializer(WalletAddress.class, new WalletDeserializer()))
            .build();

    private ChainCommandCodec() {
    }

    /** Every kind the codec knows, one per {@link ChainCommand} record. */
    public static java.util.Set<String> kinds() {
        return TYPES.keySet();
    }

    /**
     * The kind a command type is stored under ({@code KIND} of the record, e.g. {@code LOCK_ESCROW}).
     *
     * @throws IllegalStateException if the record declares no {@code KIND}
     */
    public static String kind(Class<? extends ChainCommand> type) {
        try {
            return (String) type.getField("KIND").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " declares no public static KIND", e);
        }
    }

    /** The JSON payload of {@code command}. */
    public static String encode(ChainCommand command) {
        try {
            return MAPPER.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + command.kind() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The command stored as {@code kind} and {@code payload}.
     *
     * @throws IllegalArgumentException if the kind is unknown, the payload is not JSON, or a field is missing,
     *                                  malformed or breaks a rule of the command (the message names the field)
     */
    public static ChainCommand decode(String kind, String payload) {
        Class<? extends ChainCommand> type = TYPES.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("no chain command of kind " + kind + " (known: "
                    + TYPES.keySet().stream().sorted().toList() + ")");
        }
        if (payload == null) {
            throw new IllegalArgumentException("payload is empty");
        }
        try {
            return MAPPER.readValue(payload, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException || cause instanceof InvalidInputException) {
                throw new IllegalArgumentException(cause.getMessage(), e);
            }
            throw new IllegalArgumentException(describe(e), e);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes and checks that the command is a {@code type}. */
    public static <C extends ChainCommand> C decode(String kind, String payload, Class<C> type) {
        ChainCommand c = decode(kind, payload);
        if (!type.isInstance(c)) {
            throw new IllegalArgumentException("kind " + kind + " is not a " + type.getSimpleName());
        }
        return type.cast(c);
    }

    /** {@code "field[i].name": what is wrong}, from Jackson's path. */
    private static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        String original = e.getOriginalMessage();
        if (e instanceof MismatchedInputException && original != null
                && original.matches("(?s)Missing (required )?creator property '([^']*)'.*")) {
            String prop = original.replaceAll("(?s)^Missing (required )?creator property '([^']*)'.*$", "$2");
            return "payload lacks \"" + (path.toString().endsWith(prop) ? path : path.isEmpty() ? prop
                    : path + "." + prop) + "\"";
        }
        String what = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                : e.getOriginalMessage().lines().findFirst().orElse("");
        return path.isEmpty() ? what : "\"" + path + "\": " + what;
    }

    private static final class WalletSerializer extends JsonSerializer<WalletAddress> {
        @Override
        public void serialize(WalletAddress value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            gen.writeString(value.value());
        }
    }

    private static final class WalletDeserializer extends JsonDeserializer<WalletAddress> {
        @Override
        public WalletAddress deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw MismatchedInputException.from(p, WalletAddress.class,
                        "must be an address string, got " + p.currentToken());
            }
            String text = p.getText();
            try {
                return WalletAddress.of(text);
            } catch (InvalidInputException e) {
                throw MismatchedInputException.from(p, WalletAddress.class, e.getMessage());
            }
        }
    }
}
