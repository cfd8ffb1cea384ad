package org.trainex.chain.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainex.chain.merkle.MerkleTree.Ballot;
import org.trainex.chain.merkle.MerkleTree.Entry;

/**
 * Cross-checks {@link MerkleTree} against OpenZeppelin's JavaScript {@code StandardMerkleTree}
 * (npm {@code @openzeppelin/merkle-tree}, pinned in package.json) run by node through
 * {@code src/test/js/merkle-crosscheck.mjs}: same root and same proof for every registry entry (leaf types
 * {@code [bytes32, bytes32, address, uint64, uint256]}) and every curation ballot ({@code [address, bool, uint256]}).
 */
class MerkleTreeCrossCheckTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 16, 33, 256})
    void rootAndProofsEqualTheJavaScriptLibrarys(int n) throws Exception {
        List<Entry> entries = new ArrayList<>(MerkleTreeTest.entries(n, 1000 + n));
        if (n > 2) {
            entries.set(1, entries.get(0)); // a duplicate entry: both libraries keep it, in a stable order
        }
        ObjectNode input = JSON.createObjectNode();
        ArrayNode values = input.putArray("values");
        for (Entry e : entries) {
            values.addArray().add(MerkleTree.toHex(e.requestId())).add(MerkleTree.toHex(e.contentDigest()))
                    .add(e.contributor()).add(Long.toString(e.sampleCount())).add(e.shares().toString());
        }
        JsonNode js = runNode(JSON.writeValueAsBytes(input));

        MerkleTree tree = MerkleTree.of(entries);
        assertEquals(js.get("root").asText(), tree.rootHex(), "root, n=" + n);
        for (int i = 0; i < n; i++) {
            List<String> expected = new ArrayList<>();
            js.get("proofs").get(i).forEach(p -> expected.add(p.asText()));
            assertEquals(expected, tree.proofHex(i), "proof " + i + " of " + n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 16, 33, 100})
    void ballotTreesEqualTheJavaScriptLibrarys(int n) throws Exception {
        List<Ballot> ballots = new ArrayList<>(MerkleTreeTest.ballots(n, 2000 + n));
        if (n > 2) {
            ballots.set(2, ballots.get(0)); // a duplicate ballot: both libraries keep it, in a stable order
        }
        ObjectNode input = JSON.createObjectNode();
        input.putArray("types").add("address").add("bool").add("uint256");
        ArrayNode values = input.putArray("values");
        for (Ballot b : ballots) {
            values.addArray().add(b.holder()).add(b.support()).add(b.weight().toString());
        }
        JsonNode js = runNode(JSON.writeValueAsBytes(input));

        MerkleTree tree = MerkleTree.ofBallots(ballots);
        assertEquals(js.get("root").asText(), tree.rootHex(), "root, n=" + n);
        for (int i = 0; i < n; i++) {
            List<String> expected = new ArrayList<>();
            js.get("proofs").get(i).forEach(p -> expected.add(p.asText()));
            assertEquals(expected, tree.proofHex(i), "proof " + i + " of " + n);
        }
    }

    static JsonNode runNode(byte[] stdin) throws Exception {
        Path script = Path.of("src/test/js/merkle-crosscheck.mjs").toAbsolutePath();
        Path out = Files.createTempFile("merkle-crosscheck", ".json");
        try {
            Process p = new ProcessBuilder("node", script.toString()).redirectErrorStream(false)
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream os = p.getOutputStream()) {
                os.write(stdin);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("node did not finish in 60 s");
            }
            assertEquals(0, p.exitValue(), "node exit code");
            return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
