package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.CurationVoting;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.chain.merkle.MerkleTree.Ballot;
import org.trainex.datamarket.api.CurationChain;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint48;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Records a proposal's final curation tally ({@value CurationChain#RECORD_TALLY_KIND}) with
 * {@code CurationVoting.recordTally(proposalKey, snapshotBlock, yesVotes, noVotes, accepted, ballotsRoot)}, where
 * {@code ballotsRoot} is the root of the ballots' Merkle tree ({@link MerkleTree#ofBallots}, OpenZeppelin
 * StandardMerkleTree leaves {@code [address holder, bool support, uint256 weight]}), or bytes32(0) when there are no
 * ballots. Anyone can then audit each ballot with {@code CurationVoting.verifyBallot} and its proof
 * ({@link #tree(Tally)}). Source: DataBright, seed 000, Section 2 (curators' votes decide acceptance); DESIGN.md,
 * "The chain is the public record" (votes batched into Merkle roots).
 *
 * <p>Payload: {@code {"proposalId": uuid, "proposalKey": "0x" + 64 hex, "snapshotBlock": n (block number, a JSON
 * number or decimal string, < 2^48), "yesVotes": "decimal", "noVotes": "decimal", "accepted": bool, "ballots":
 * [{"holder": address, "support": bool, "weight": "decimal"}]}}; weights and votes in CuratorToken base units.
 * {@code yesVotes} and {@code noVotes} must equal the sums of the yes and no ballots' weights (an anchored tally
 * whose ballots do not add up could not be audited); a violation, or a missing or malformed field, fails the request
 * before anything is sent ({@link IllegalArgumentException}). The contract itself reverts (so the request fails in
 * gas estimation) when a tally for the proposal exists or the snapshot block is not yet mined.
 *
 * <p>On confirmation it requires the contract's {@code TallyRecorded} event for the proposal key with the same root
 * (else {@link IllegalStateException}) and calls {@link CurationChain#tallyAnchored(UUID, String, String, long)} with
 * the root as {@code 0x} + 64 lower-case hex.
 */
public class RecordTallyHandler implements RequestHandler {
    /** {@code ballotsRoot} of a tally without ballots. */
    public static final String NO_BALLOTS_ROOT = MerkleTree.toHex(new byte[32]);
    private static final long UINT48_LIMIT = 1L << 48;
    private final ContractBook contracts;
    private final CurationChain curation;

    public RecordTallyHandler(ContractBook contracts, CurationChain curation) {
        this.contracts = contracts;
        this.curation = curation;
    }

    @Override
    public String kind() {
        return CurationChain.RECORD_TALLY_KIND;
    }

    /**
     * A tally, checked.
     *
     * @param ballots in payload order (proof {@code i} of {@link #tree(Tally)} belongs to ballot {@code i})
     */
    public record Tally(UUID proposalId, byte[] proposalKey, long snapshotBlock, BigInteger yesVotes,
                        BigInteger noVotes, boolean accepted, List<Ballot> ballots) {
        /** @throws IllegalArgumentException if the payload is malformed or its votes do not add up */
        public static Tally parse(String payload) {
            JsonNode p = Payloads.parse(payload);
            List<Ballot> ballots = new ArrayList<>();
            BigInteger yes = BigInteger.ZERO;
            BigInteger no = BigInteger.ZERO;
            int i = 0;
            for (JsonNode b : Payloads.array(p, "ballots")) {
                String at = "ballots[" + i++ + "].";
                if (!b.isObject()) {
                    throw new IllegalArgumentException("\"" + at + "\" must be an object");
                }
                Ballot ballot = new Ballot(Payloads.address(Payloads.text(b, "holder"), at + "holder"),
                        Payloads.bool(b, "support"), Payloads.uint256(b, "weight"));
                ballots.add(ballot);
                if (ballot.support()) {
                    yes = yes.add(ballot.weight());
                } else {
                    no = no.add(ballot.weight());
                }
            }
            Tally t = new Tally(Payloads.uuid(p, "proposalId"), Payloads.bytes32(p, "proposalKey"),
                    Payloads.unsigned(p, "snapshotBlock", UINT48_LIMIT), Payloads.uint256(p, "yesVotes"),
                    Payloads.uint256(p, "noVotes"), Payloads.bool(p, "accepted"), List.copyOf(ballots));
            if (!t.yesVotes.equals(yes) || !t.noVotes.equals(no)) {
                throw new IllegalArgumentException("the ballots add up to " + yes + " yes and " + no + " no, the tally "
                        + "says " + t.yesVotes + " yes and " + t.noVotes + " no");
            }
            return t;
        }

        @Override
        public byte[] proposalKey() {
            return proposalKey.clone();
        }
    }

    /**
     * The ballots' tree, rebuilt from the tally (deterministic: same payload, same tree).
     *
     * @throws IllegalArgumentException if the tally has no ballots (its root is {@link #NO_BALLOTS_ROOT})
     */
    public static MerkleTree tree(Tally tally) {
        return MerkleTree.ofBallots(tally.ballots());
    }

    /** The root recorded for the tally: the ballots' Merkle root, or bytes32(0) without ballots. */
    public static byte[] root(Tally tally) {
        return tally.ballots().isEmpty() ? new byte[32] : tree(tally).root();
    }

    @Override
    public Call encode(ChainOutbox.Request request) {
        Tally t = Tally.parse(request.payload());
        Function f = new Function(CurationVoting.FUNC_RECORDTALLY, List.of(new Bytes32(t.proposalKey()),
                new Uint48(BigInteger.valueOf(t.snapshotBlock())), new Uint256(t.yesVotes()),
                new Uint256(t.noVotes()), new Bool(t.accepted()), new Bytes32(root(t))), List.of());
        return new Call(contracts.address(ContractBook.CURATION_VOTING), BigInteger.ZERO, FunctionEncoder.encode(f));
    }

    @Override
    public String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt) {
        Tally t = Tally.parse(request.payload());
        byte[] root = root(t);
        String voting = contracts.address(ContractBook.CURATION_VOTING);
        CurationVoting.TallyRecordedEventResponse event = CurationVoting.getTallyRecordedEvents(receipt).stream()
                .filter(e -> Payloads.emittedBy(e.log, voting) && Arrays.equals(t.proposalKey(), e.proposalId)
                        && Arrays.equals(root, e.ballotsRoot))
                .findFirst().orElseThrow(() -> new IllegalStateException("receipt " + receipt.getTransactionHash()
                        + " has no TallyRecorded event of CurationVoting at " + voting + " for proposal "
                        + MerkleTree.toHex(t.proposalKey()) + " with root " + MerkleTree.toHex(root)));
        String rootHex = MerkleTree.toHex(root);
        curation.tallyAnchored(t.proposalId(), rootHex, receipt.getTransactionHash(),
                receipt.getBlockNumber().longValueExact());
        return Payloads.write(Payloads.JSON.createObjectNode().put("event", "TallyRecorded")
                .put("ballotsRoot", rootHex).put("ballots", t.ballots().size())
                .put("snapshotBlock", event.snapshotBlock.longValueExact()).put("accepted", event.accepted)
                .put("gasUsed", receipt.getGasUsed().toString()));
    }
}
