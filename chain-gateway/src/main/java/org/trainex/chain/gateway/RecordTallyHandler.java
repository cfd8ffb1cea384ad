package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.CurationVoting;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.datamarket.api.ChainRecordEvents.CurationTallyAnchored;
import org.trainex.shared.api.ChainCommand.RecordCurationTally;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint48;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Records a proposal's final curation tally ({@link RecordCurationTally}) with
 * {@code CurationVoting.recordTally(proposalKey, snapshotBlock, yesVotes, noVotes, accepted, ballotsRoot)}, where
 * {@code ballotsRoot} is the root of the ballots' Merkle tree ({@link MerkleTree#ofBallots}, OpenZeppelin
 * StandardMerkleTree leaves {@code [address holder, bool support, uint256 weight]}), or bytes32(0) when there are no
 * ballots. Anyone can then audit each ballot with {@code CurationVoting.verifyBallot} and its proof
 * ({@link #tree(RecordCurationTally)}). Source: DataBright, seed 000, Section 2 (curators' votes decide acceptance);
 * DESIGN.md, "The chain is the public record" (votes batched into Merkle roots). The contract reverts (so the
 * request fails in gas estimation) when a tally for the proposal exists or the snapshot block is not yet mined.
 *
 * <p>On confirmation it requires the contract's {@code TallyRecorded} event for the proposal key with the same root
 * (else {@link IllegalStateException}) and publishes {@link CurationTallyAnchored} with the root as {@code 0x} + 64
 * lower-case hex.
 */
public class RecordTallyHandler
        extends CallExpectingEvent<RecordCurationTally, CurationVoting.TallyRecordedEventResponse> {
    /** {@code ballotsRoot} of a tally without ballots. */
    public static final String NO_BALLOTS_ROOT = MerkleTree.toHex(new byte[32]);

    public RecordTallyHandler(ContractBook contracts, DomainEvents events) {
        super(RecordCurationTally.class, contracts, ContractBook.CURATION_VOTING, events);
    }

    /**
     * The ballots' tree, rebuilt from the tally (deterministic: same tally, same tree; leaf {@code i} is ballot
     * {@code i}).
     *
     * @throws IllegalArgumentException if the tally has no ballots (its root is {@link #NO_BALLOTS_ROOT})
     */
    public static MerkleTree tree(RecordCurationTally tally) {
        return MerkleTree.ofBallots(tally.ballots().stream()
                .map(b -> new MerkleTree.Ballot(b.holder().value(), b.support(), b.weight())).toList());
    }

    /** The root recorded for the tally: the ballots' Merkle root, or bytes32(0) without ballots. */
    public static byte[] root(RecordCurationTally tally) {
        return tally.ballots().isEmpty() ? new byte[32] : tree(tally).root();
    }

    @Override
    Function function(RecordCurationTally t) {
        return new Function(CurationVoting.FUNC_RECORDTALLY, List.of(Payloads.bytes32(t.proposalKey()),
                new Uint48(BigInteger.valueOf(t.snapshotBlock())), new Uint256(t.yesVotes()),
                new Uint256(t.noVotes()), new Bool(t.accepted()), new Bytes32(root(t))), List.of());
    }

    @Override
    List<CurationVoting.TallyRecordedEventResponse> events(TransactionReceipt receipt) {
        return CurationVoting.getTallyRecordedEvents(receipt);
    }

    @Override
    boolean confirms(RecordCurationTally t, CurationVoting.TallyRecordedEventResponse e) {
        return Arrays.equals(Payloads.bytes(t.proposalKey()), e.proposalId) && Arrays.equals(root(t), e.ballotsRoot);
    }

    @Override
    String expected(RecordCurationTally t) {
        return "TallyRecorded event for proposal " + t.proposalKey() + " with root " + MerkleTree.toHex(root(t));
    }

    @Override
    ObjectNode confirmed(UUID requestId, RecordCurationTally t, CurationVoting.TallyRecordedEventResponse e,
                         TransactionReceipt receipt) {
        String rootHex = MerkleTree.toHex(root(t));
        events.publish(new CurationTallyAnchored(DomainEvent.idOf("CurationTallyAnchored", requestId),
                t.proposalId(), rootHex, Payloads.receipt(receipt)));
        return Payloads.result("TallyRecorded").put("ballotsRoot", rootHex).put("ballots", t.ballots().size())
                .put("snapshotBlock", e.snapshotBlock.longValueExact()).put("accepted", e.accepted);
    }
}
