package org.trainex.chain.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.web3j.crypto.Hash;
import org.web3j.protocol.exceptions.JsonRpcError;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * Asserts that a contract call reverts with a given custom error. Hardhat does not know our contracts' ABIs (they are
 * compiled by solcjs, not by hardhat), so it reports "unrecognized custom error (return data: 0x...)"; the error is
 * identified here from its 4-byte selector, looked up in the ABIs under {@code target/contracts} and
 * {@code target/test-contracts}.
 */
public final class Reverts {
    private static final Map<String, String> ERRORS = loadErrorSelectors();

    private Reverts() {
    }

    /** A call that sends a transaction or makes an eth_call. */
    @FunctionalInterface
    public interface Call {
        Object run() throws Exception;
    }

    /**
     * Runs {@code call}, expecting it to revert with custom error {@code errorName} (e.g. "NoVotingPower").
     *
     * @return the decoded error signature and the raw text, for messages
     */
    public static String assertReverts(String errorName, Call call) {
        Object result;
        try {
            result = call.run();
        } catch (Exception e) {
            String text = describe(e);
            List<String> found = errorsIn(text);
            if (found.stream().anyMatch(sig -> sig.startsWith(errorName + "("))
                    || text.contains("custom error '" + errorName + "(")) {
                return found + " " + text;
            }
            fail("expected revert " + errorName + " but got " + found + ": " + text, e);
            return null;
        }
        fail("expected revert " + errorName + " but the call succeeded: " + result);
        return null;
    }

    /** Signatures of our custom errors whose selectors appear in {@code text}. */
    public static List<String> errorsIn(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> e : ERRORS.entrySet()) {
            if (lower.contains("0x" + e.getKey())) {
                found.add(e.getValue());
            }
        }
        return found;
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
            if (c instanceof JsonRpcError j) {
                sb.append("data=").append(j.getData()).append(" | ");
            }
            if (c instanceof TransactionException te && te.getTransactionReceipt().isPresent()) {
                sb.append("revertReason=").append(te.getTransactionReceipt().get().getRevertReason()).append(" | ");
            }
        }
        return sb.toString();
    }

    private static Map<String, String> loadErrorSelectors() {
        Map<String, String> map = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        Path module = HardhatNode.moduleDir();
        for (String dir : List.of("target/contracts", "target/test-contracts")) {
            Path d = module.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path abi : files.filter(p -> p.toString().endsWith(".abi")).toList()) {
                    for (JsonNode item : json.readTree(abi.toFile())) {
                        if (!"error".equals(item.path("type").asText())) {
                            continue;
                        }
                        List<String> types = new ArrayList<>();
                        item.path("inputs").forEach(in -> types.add(in.path("type").asText()));
                        String sig = item.path("name").asText() + "(" + String.join(",", types) + ")";
                        map.put(Hash.sha3String(sig).substring(2, 10), sig);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read ABIs in " + d, e);
            }
        }
        return map;
    }
}
