package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.DataRegistry;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.datamarket.api.Registry;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Anchors a registry batch ({@value Registry#ANCHOR_BATCH_KIND}): builds the batch's Merkle tree (OpenZeppelin
 * StandardMerkleTree leaves, {@link MerkleTree}), calls {@code DataRegistry.anchorBatch(requestId, root, count)},
 * and on confirmation reads the contract's {@code BatchAnchored} event and hands each entry its proof to the data
 * market. Source: DESIGN.md, "The chain is the public record".
 */
public class AnchorRegistryBatchHandler implements RequestHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ContractBook contracts;
    private final Registry registry;

    public AnchorRegistryBatchHandler(ContractBook contracts, Registry registry) {
        this.contracts = contracts;
        this.registry = registry;
    }

    @Override
    public String kind() {
        return Registry.ANCHOR_BATCH_KIND;
    }

    /** The batch's tree, rebuilt from the payload (deterministic: same payload, same tree). */
    static MerkleTree tree(JsonNode payload) {
        String requestId = payload.get("registryId").asText();
        List<MerkleTree.Entry> entries = new ArrayList<>();
        for (JsonNode e : payload.get("entries")) {
            entries.add(MerkleTree.Entry.of(requestId, e.get("contentDigest").asText(), e.get("contributor").asText(),
                    e.get("sampleCount").asLong(), new BigInteger(e.get("shares").asText())));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a registry batch needs at least one entry");
        }
        return MerkleTree.of(entries);
    }

    static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("payload is not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public Call encode(ChainOutbox.Request request) {
        JsonNode payload = parse(request.payload());
        MerkleTree tree = tree(payload);
        Function f = new Function(DataRegistry.FUNC_ANCHORBATCH, List.of(
                new Bytes32(MerkleTree.fromHex(payload.get("registryId").asText())), new Bytes32(tree.root()),
                new Uint32(BigInteger.valueOf(tree.size()))), List.of());
        return new Call(contracts.address(ContractBook.DATA_REGISTRY), BigInteger.ZERO, FunctionEncoder.encode(f));
    }

    @Override
    public String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt) {
        JsonNode payload = parse(request.payload());
        MerkleTree tree = tree(payload);
        DataRegistry.BatchAnchoredEventResponse event = DataRegistry.getBatchAnchoredEvents(receipt).stream()
                .filter(e -> MerkleTree.toHex(e.merkleRoot).equals(tree.rootHex()))
                .findFirst().orElseThrow(() -> new IllegalStateException("receipt " + receipt.getTransactionHash()
                        + " has no BatchAnchored event for root " + tree.rootHex()));
        List<Registry.EntryProof> proofs = new ArrayList<>();
        int i = 0;
        for (JsonNode e : payload.get("entries")) {
            proofs.add(new Registry.EntryProof(UUID.fromString(e.get("entryId").asText()), i, tree.proofHex(i)));
            i++;
        }
        registry.batchAnchored(new Registry.AnchoredBatch(UUID.fromString(payload.get("batchId").asText()),
                event.batchId.longValueExact(), tree.rootHex(), receipt.getTransactionHash(),
                receipt.getBlockNumber().longValueExact(), proofs));
        try {
            return JSON.writeValueAsString(JSON.createObjectNode().put("event", "BatchAnchored")
                    .put("batchId", event.batchId.toString()).put("merkleRoot", tree.rootHex())
                    .put("entryCount", tree.size()).put("gasUsed", receipt.getGasUsed().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
