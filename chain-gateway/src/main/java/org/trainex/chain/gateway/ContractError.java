package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A custom error of one of Trainex's contracts (e.g. {@code ChallengePeriodNotOver(bytes32 orderId, uint64
 * challengeEndsAt, uint256 nowSeconds)}), decoded from a node's revert answer.
 *
 * <p>The node does not know our contracts' ABIs (they are compiled by solc in the build, not by the node), so it
 * reports a custom error as its raw return data ({@code 0x} + 4-byte selector + ABI-encoded arguments), e.g. hardhat's
 * "reverted with an unrecognized custom error (return data: 0x...)". {@link #find(String...)} looks for such data in
 * the texts it is given and decodes it with the error definitions of the ABIs packaged with this module
 * ({@code org/trainex/chain/contracts/<Name>.abi}, one per {@link ContractBook} name; OpenZeppelin's errors such as
 * {@code OwnableUnauthorizedAccount} are part of those ABIs).
 *
 * @param name       the error's name, e.g. {@code ChallengePeriodNotOver}
 * @param parameters the names of its parameters, in order
 * @param values     their values: {@link BigInteger} for integers and enums, {@code byte[]} for fixed bytes, a
 *                   lower-case {@code 0x} address string for addresses, {@link Boolean}, {@link String}
 */
public record ContractError(String name, List<String> parameters, List<Object> values) {
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{8,}");
    private static final Map<String, Definition> BY_SELECTOR = load();

    public ContractError {
        parameters = List.copyOf(parameters);
        values = List.copyOf(values);
    }

    /** An error definition from an ABI. */
    private record Definition(String name, List<String> parameters, List<String> types) {
    }

    /**
     * The first of our contracts' custom errors whose return data appears in {@code texts} (an RPC error's message
     * and data, say); empty if none does.
     */
    public static Optional<ContractError> find(String... texts) {
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            Matcher m = HEX.matcher(text);
            while (m.find()) {
                Optional<ContractError> e = decode(m.group());
                if (e.isPresent()) {
                    return e;
                }
            }
        }
        return Optional.empty();
    }

    /** Decodes revert data ({@code 0x} + selector + arguments); empty if the selector is not one of ours. */
    public static Optional<ContractError> decode(String revertData) {
        String hex = Numeric.cleanHexPrefix(revertData).toLowerCase(Locale.ROOT);
        if (hex.length() < 8) {
            return Optional.empty();
        }
        Definition d = BY_SELECTOR.get(hex.substring(0, 8));
        if (d == null) {
            return Optional.empty();
        }
        List<Object> values = new ArrayList<>();
        if (!d.types().isEmpty()) {
            List<TypeReference<Type>> refs = new ArrayList<>();
            try {
                for (String t : d.types()) {
                    @SuppressWarnings("unchecked")
                    TypeReference<Type> ref = TypeReference.makeTypeReference(t);
                    refs.add(ref);
                }
                List<Type> decoded = FunctionReturnDecoder.decode("0x" + hex.substring(8), refs);
                if (decoded.size() != refs.size()) {
                    return Optional.of(new ContractError(d.name(), List.of(), List.of()));
                }
                decoded.forEach(v -> values.add(v.getValue()));
            } catch (ClassNotFoundException | RuntimeException e) {
                return Optional.of(new ContractError(d.name(), List.of(), List.of())); // name only
            }
        }
        return Optional.of(new ContractError(d.name(), values.isEmpty() ? List.of() : d.parameters(), values));
    }

    /**
     * The value of integer parameter {@code parameter}.
     *
     * @throws IllegalArgumentException if the error has no such integer parameter
     */
    public BigInteger uint(String parameter) {
        int i = parameters.indexOf(parameter);
        if (i < 0 || !(values.get(i) instanceof BigInteger n)) {
            throw new IllegalArgumentException(name + " has no integer parameter " + parameter + ": " + this);
        }
        return n;
    }

    /** {@code Name(param=value, ...)}, bytes as {@code 0x} hex. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object v = values.get(i);
            sb.append(parameters.get(i)).append('=').append(v instanceof byte[] b ? Numeric.toHexString(b) : v);
        }
        return sb.append(')').toString();
    }

    private static Map<String, Definition> load() {
        Map<String, Definition> map = new HashMap<>();
        for (String contract : List.of(ContractBook.CURATOR_TOKEN, ContractBook.CURATION_VOTING,
                ContractBook.DATA_REGISTRY, ContractBook.SHARE_TOKEN, ContractBook.COMPUTE_ESCROW,
                ContractBook.IDENTITY_REGISTRY)) {
            String resource = "/org/trainex/chain/contracts/" + contract + ".abi";
            try (InputStream in = ContractError.class.getResourceAsStream(resource)) {
                if (in == null) {
                    continue; // errors of that contract show as raw data
                }
                for (JsonNode item : Payloads.JSON.readTree(in)) {
                    if (!"error".equals(item.path("type").asText())) {
                        continue;
                    }
                    List<String> names = new ArrayList<>();
                    List<String> types = new ArrayList<>();
                    item.path("inputs").forEach(p -> {
                        names.add(p.path("name").asText());
                        types.add(p.path("type").asText());
                    });
                    String signature = item.path("name").asText() + "(" + String.join(",", types) + ")";
                    map.putIfAbsent(Hash.sha3String(signature).substring(2, 10),
                            new Definition(item.path("name").asText(), names, types));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            }
        }
        return Map.copyOf(map);
    }
}
