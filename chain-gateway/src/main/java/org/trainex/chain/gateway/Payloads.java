package org.trainex.chain.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.WalletAddress;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Reads the fields of an outbox request's JSON payload, each with a precise error: every reader throws
 * {@link IllegalArgumentException} naming the field when it is missing or malformed (the pipeline then fails the
 * request without sending anything, {@link RequestHandler#encode}).
 */
final class Payloads {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,78}");
    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    private Payloads() {
    }

    /**
     * An escrow order named by a payload: {@code "orderId"} (UUID) and {@code "orderKey"} ({@code 0x} + 64 hex,
     * its bytes32 on chain).
     */
    record OrderRef(UUID orderId, byte[] orderKey) {
        /** @throws IllegalArgumentException if either field is missing or malformed */
        static OrderRef of(JsonNode p) {
            return new OrderRef(uuid(p, "orderId"), bytes32(p, "orderKey"));
        }

        String keyHex() {
            return MerkleTree.toHex(orderKey);
        }
    }

    /** @throws IllegalArgumentException if {@code payload} is not a JSON object */
    static JsonNode parse(String payload) {
        JsonNode node = AnchorRegistryBatchHandler.parse(payload);
        if (!node.isObject()) {
            throw new IllegalArgumentException("payload is not a JSON object");
        }
        return node;
    }

    static JsonNode field(JsonNode p, String name) {
        JsonNode v = p.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("payload lacks \"" + name + "\"");
        }
        return v;
    }

    static String text(JsonNode p, String name) {
        JsonNode v = field(p, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + name + "\" must be a string, got " + v);
        }
        return v.asText();
    }

    static UUID uuid(JsonNode p, String name) {
        String s = text(p, name);
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + name + "\" is not a UUID: " + s, e);
        }
    }

    static boolean bool(JsonNode p, String name) {
        JsonNode v = field(p, name);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("\"" + name + "\" must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    /** {@code 0x} + 64 hex digits, as 32 bytes. */
    static byte[] bytes32(JsonNode p, String name) {
        String s = text(p, name);
        if (!BYTES32.matcher(s).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" must be 0x + 64 hex digits, got " + s);
        }
        return MerkleTree.fromHex(s);
    }

    /** An Ethereum address (EIP-55 checksum checked when mixed case), returned checksummed. */
    static String address(JsonNode p, String name) {
        return address(text(p, name), name);
    }

    static String address(String s, String name) {
        try {
            return WalletAddress.of(s).value();
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("\"" + name + "\": " + e.getMessage(), e);
        }
    }

    /** A uint256 written as a decimal string (or a JSON integer): 0 to 2^256 - 1. */
    static BigInteger uint256(JsonNode p, String name) {
        return uint256Value(field(p, name), name);
    }

    /** {@code v} as a uint256 (see {@link #uint256(JsonNode, String)}); {@code name} is for the message. */
    static BigInteger uint256Value(JsonNode v, String name) {
        BigInteger n;
        if (v.isTextual() && DECIMAL.matcher(v.asText()).matches()) {
            n = new BigInteger(v.asText());
        } else if (v.isIntegralNumber()) {
            n = v.bigIntegerValue();
        } else {
            throw new IllegalArgumentException("\"" + name + "\" must be a decimal integer string, got " + v);
        }
        if (n.signum() < 0 || n.compareTo(UINT256_LIMIT) >= 0) {
            throw new IllegalArgumentException("\"" + name + "\" is out of the uint256 range: " + n);
        }
        return n;
    }

    /** A non-negative integer below {@code limit} (a JSON number, or a decimal string). */
    static long unsigned(JsonNode p, String name, long limit) {
        JsonNode v = field(p, name);
        BigInteger n = uint256Value(v, name);
        if (n.compareTo(BigInteger.valueOf(limit)) >= 0) {
            throw new IllegalArgumentException("\"" + name + "\" must be below " + limit + ", got " + n);
        }
        return n.longValueExact();
    }

    /** A JSON array (may be empty). */
    static List<JsonNode> array(JsonNode p, String name) {
        JsonNode v = field(p, name);
        if (!v.isArray()) {
            throw new IllegalArgumentException("\"" + name + "\" must be an array, got " + v);
        }
        List<JsonNode> items = new ArrayList<>();
        v.forEach(items::add);
        return items;
    }

    /**
     * A JSON array of addresses, each checksummed and none the zero address (the escrow credits nobody at
     * {@code 0x0}); errors name the element, e.g. {@code "providers[1]"}.
     */
    static List<String> addresses(JsonNode p, String name) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode a : array(p, name)) {
            String element = name + "[" + i++ + "]";
            if (!a.isTextual()) {
                throw new IllegalArgumentException("\"" + element + "\" must be an address string, got " + a);
            }
            String address = address(a.asText(), element);
            if (new BigInteger(address.substring(2), 16).signum() == 0) {
                throw new IllegalArgumentException("\"" + element + "\" is the zero address");
            }
            out.add(address);
        }
        return List.copyOf(out);
    }

    /** A JSON array of uint256 amounts (decimal strings, see {@link #uint256(JsonNode, String)}). */
    static List<BigInteger> amounts(JsonNode p, String name) {
        List<BigInteger> out = new ArrayList<>();
        int i = 0;
        for (JsonNode a : array(p, name)) {
            out.add(uint256Value(a, name + "[" + i++ + "]"));
        }
        return List.copyOf(out);
    }

    /** The sum of {@code amounts} (wei). */
    static BigInteger sum(List<BigInteger> amounts) {
        return amounts.stream().reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Whether all 32 bytes are zero. */
    static boolean isZero(byte[] bytes32) {
        for (byte b : bytes32) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code log} was emitted by the contract at {@code address}. */
    static boolean emittedBy(Log log, String address) {
        return log != null && log.getAddress() != null && log.getAddress().equalsIgnoreCase(address);
    }

    static String write(ObjectNode result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
