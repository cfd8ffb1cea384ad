package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.DataRegistry;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.datamarket.api.ChainRecordEvents.EntryProof;
import org.trainex.datamarket.api.ChainRecordEvents.RegistryBatchAnchored;
import org.trainex.shared.api.ChainCommand.AnchorRegistryBatch;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Anchors a registry batch ({@link AnchorRegistryBatch}): builds the batch's Merkle tree (OpenZeppelin
 * StandardMerkleTree leaves, {@link MerkleTree}), calls {@code DataRegistry.anchorBatch(registryId, root, count)},
 * and on confirmation reads the contract's {@code BatchAnchored} event with that root and publishes
 * {@link RegistryBatchAnchored} with each entry's proof. Source: DESIGN.md, "The chain is the public record".
 */
public class AnchorRegistryBatchHandler
        extends CallExpectingEvent<AnchorRegistryBatch, DataRegistry.BatchAnchoredEventResponse> {
    public AnchorRegistryBatchHandler(ContractBook contracts, DomainEvents events) {
        super(AnchorRegistryBatch.class, contracts, ContractBook.DATA_REGISTRY, events);
    }

    /** The batch's tree, rebuilt from the command (deterministic: same command, same tree; leaf i = entry i). */
    static MerkleTree tree(AnchorRegistryBatch batch) {
        List<MerkleTree.Entry> entries = new ArrayList<>();
        for (AnchorRegistryBatch.Entry e : batch.entries()) {
            entries.add(MerkleTree.Entry.of(batch.registryId(), e.contentDigest(), e.contributor().value(),
                    e.sampleCount(), e.shares()));
        }
        return MerkleTree.of(entries);
    }

    @Override
    Function function(AnchorRegistryBatch batch) {
        MerkleTree tree = tree(batch);
        return new Function(DataRegistry.FUNC_ANCHORBATCH, List.of(Payloads.bytes32(batch.registryId()),
                new Bytes32(tree.root()), new Uint32(BigInteger.valueOf(tree.size()))), List.of());
    }

    @Override
    List<DataRegistry.BatchAnchoredEventResponse> events(TransactionReceipt receipt) {
        return DataRegistry.getBatchAnchoredEvents(receipt);
    }

    @Override
    boolean confirms(AnchorRegistryBatch batch, DataRegistry.BatchAnchoredEventResponse e) {
        return MerkleTree.toHex(e.merkleRoot).equals(tree(batch).rootHex());
    }

    @Override
    String expected(AnchorRegistryBatch batch) {
        return "BatchAnchored event for root " + tree(batch).rootHex();
    }

    @Override
    ObjectNode confirmed(UUID requestId, AnchorRegistryBatch batch, DataRegistry.BatchAnchoredEventResponse e,
                         TransactionReceipt receipt) {
        MerkleTree tree = tree(batch);
        List<EntryProof> proofs = new ArrayList<>();
        for (int i = 0; i < batch.entries().size(); i++) {
            proofs.add(new EntryProof(batch.entries().get(i).entryId(), i, tree.proofHex(i)));
        }
        events.publish(new RegistryBatchAnchored(DomainEvent.idOf("RegistryBatchAnchored", requestId),
                batch.batchId(), e.batchId.longValueExact(), tree.rootHex(), Payloads.receipt(receipt), proofs));
        return Payloads.result("BatchAnchored").put("batchId", e.batchId.toString()).put("merkleRoot", tree.rootHex())
                .put("entryCount", tree.size());
    }
}
