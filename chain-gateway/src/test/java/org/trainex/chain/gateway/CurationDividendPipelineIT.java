package org.trainex.chain.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.chain.contracts.CurationVoting;
import org.trainex.chain.contracts.CuratorToken;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.chain.testing.DevChain;
import org.trainex.chain.testing.HardhatNode;
import org.trainex.shared.api.ChainContracts;
import org.trainex.datamarket.api.ChainRecordEvents;
import org.trainex.shared.api.ChainCommand;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.api.ChainUnavailableException;
import org.trainex.shared.api.WalletAddress;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint48;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;

/**
 * The data market's chain requests through the real pipeline against a real hardhat node: curator token grants
 * ({@link MintCuratorTokensHandler}), curation tallies with their ballots' Merkle root ({@link RecordTallyHandler}) and
 * data fees paid as dividends ({@link PayDataFeeHandler}), each confirmed back to the data market's port fakes; and
 * {@link ChainVotingPower} reading the CuratorToken's checkpoints at the latest and at past blocks.
 */
class CurationDividendPipelineIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final BigInteger TOKEN = BigInteger.TEN.pow(18);

    static HardhatNode.Running node;
    static DevChain chain;
    static Credentials gateway;
    static ContractBook book;
    static TransactionPipeline pipeline;
    static ChainVotingPower votingPower;
    static final InMemoryOutbox outbox = new InMemoryOutbox();

    /** What the data market heard: callback name, id, and the rest. */
    record Heard(String what, UUID id, String root, String txHash, long block) {
    }

    static final List<Heard> heard = new ArrayList<>();

    /** A recording fake of the event publisher: the events the data market would consume. */
    static final DomainEvents recording = event -> {
        if (event instanceof ChainRecordEvents.CuratorTokensMinted e) {
            heard.add(new Heard("minted", e.grantId(), null, e.receipt().txHash(), e.receipt().blockNumber()));
        } else if (event instanceof ChainRecordEvents.CurationTallyAnchored e) {
            heard.add(new Heard("tally", e.proposalId(), e.ballotsRoot(), e.receipt().txHash(),
                    e.receipt().blockNumber()));
        } else if (event instanceof ChainRecordEvents.DataFeePaid e) {
            heard.add(new Heard("dataFee", e.usageId(), null, e.receipt().txHash(), e.receipt().blockNumber()));
        } else {
            throw new AssertionError("not expected here: " + event);
        }
    };

    static final ChainContracts contractsBook = new InMemoryContracts();

    @BeforeAll
    static void startChain() throws Exception {
        node = HardhatNode.start();
        chain = node.chain();
        gateway = chain.account(0);
        book = new ContractBook(chain.web3j(), gateway, DevChain.CHAIN_ID, contractsBook);
        book.ensureDeployed();
        pipeline = new TransactionPipeline(chain.web3j(), gateway, DevChain.CHAIN_ID, 1, outbox,
                ChainGateway.handlers(book, recording), Runnable::run, Clock.systemUTC());
        votingPower = new ChainVotingPower(new ChainVotingPower.TokenAccess() {
            @Override
            public org.web3j.protocol.Web3j web3j() {
                return chain.web3j();
            }

            @Override
            public String curatorToken() {
                return book.address(ContractBook.CURATOR_TOKEN);
            }
        });
    }

    @AfterAll
    static void stopChain() {
        if (node != null) {
            node.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** bytes32 of a UUID: its 16 bytes left-padded with zeros. */
    static String key(UUID id) {
        return "0x" + "0".repeat(32) + id.toString().replace("-", "");
    }

    static WalletAddress wallet(int account) {
        return WalletAddress.of(chain.address(account));
    }

    static UUID submit(String kind, ObjectNode payload) throws Exception {
        UUID id = UUID.randomUUID();
        outbox.submitRaw(id, kind, JSON.writeValueAsString(payload));
        return id;
    }

    /** Ticks until every request is CONFIRMED or FAILED; returns the final rows. */
    static List<ChainOutbox.Request> work(UUID... ids) {
        for (int i = 0; i < 10; i++) {
            assertTrue(pipeline.tick(), "the node answers");
            boolean done = true;
            for (UUID id : ids) {
                ChainOutbox.State s = outbox.find(id).orElseThrow().state();
                done &= s == ChainOutbox.State.CONFIRMED || s == ChainOutbox.State.FAILED;
            }
            if (done) {
                break;
            }
        }
        List<ChainOutbox.Request> rows = new ArrayList<>();
        for (UUID id : ids) {
            rows.add(outbox.find(id).orElseThrow());
        }
        return rows;
    }

    static ChainOutbox.Request confirmed(UUID id) {
        ChainOutbox.Request r = work(id).get(0);
        assertEquals(ChainOutbox.State.CONFIRMED, r.state(), r.toString());
        return r;
    }

    static ChainOutbox.Request failed(UUID id) {
        ChainOutbox.Request r = work(id).get(0);
        assertEquals(ChainOutbox.State.FAILED, r.state(), r.toString());
        return r;
    }

    static Heard heardOf(String what, UUID id) {
        List<Heard> found = heard.stream().filter(h -> h.what().equals(what) && h.id().equals(id)).toList();
        assertEquals(1, found.size(), "the data market heard " + what + " of " + id + " " + found.size() + " times");
        return found.get(0);
    }

    /** Grants {@code amount} base units to {@code account} through the outbox; returns the grant id. */
    static UUID grant(int account, BigInteger amount) throws Exception {
        UUID grantId = UUID.randomUUID();
        ObjectNode p = JSON.createObjectNode().put("grantId", grantId.toString())
                .put("holder", wallet(account).value()).put("amount", amount.toString());
        ChainOutbox.Request r = confirmed(submit(ChainCommand.MintCuratorTokens.KIND, p));
        Heard h = heardOf("minted", grantId);
        assertEquals(r.txHash(), h.txHash());
        assertEquals(r.blockNumber(), h.block());
        return grantId;
    }

    static CuratorToken token(int account) {
        return CuratorToken.load(book.address(ContractBook.CURATOR_TOKEN), chain.web3j(), chain.tx(account),
                chain.gas());
    }

    static ObjectNode tallyPayload(UUID proposalId, long snapshot, List<MerkleTree.Ballot> ballots) {
        BigInteger yes = BigInteger.ZERO;
        BigInteger no = BigInteger.ZERO;
        ObjectNode p = JSON.createObjectNode().put("proposalId", proposalId.toString()).put("proposalKey",
                key(proposalId)).put("snapshotBlock", snapshot);
        ArrayNode array = p.putArray("ballots");
        for (MerkleTree.Ballot b : ballots) {
            array.addObject().put("holder", WalletAddress.of(b.holder()).value()).put("support", b.support())
                    .put("weight", b.weight().toString());
            if (b.support()) {
                yes = yes.add(b.weight());
            } else {
                no = no.add(b.weight());
            }
        }
        return p.put("yesVotes", yes.toString()).put("noVotes", no.toString()).put("accepted", yes.compareTo(no) > 0);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void grantedCuratorTokensVoteAtOnce() throws Exception {
        BigInteger amount = TOKEN.multiply(BigInteger.valueOf(1000)).add(BigInteger.valueOf(7));
        BigInteger supplyBefore = votingPower.totalSupplyAt(votingPower.latestBlock());
        UUID grantId = grant(3, amount);
        long latest = votingPower.latestBlock();
        assertEquals(amount, votingPower.votesAt(wallet(3), latest), "no delegate() call needed");
        assertEquals(supplyBefore.add(amount), votingPower.totalSupplyAt(latest));
        assertEquals(chain.address(3), token(3).delegates(chain.address(3)).send());
        ChainOutbox.Request row = outbox.rows.values().stream()
                .filter(r -> r.kind().equals(ChainCommand.MintCuratorTokens.KIND) && r.payload().contains(
                        grantId.toString())).findFirst().orElseThrow();
        assertTrue(row.result().contains("\"selfDelegated\":true"), row.result());

        // a malformed grant fails without a transaction
        UUID bad = submit(ChainCommand.MintCuratorTokens.KIND, JSON.createObjectNode()
                .put("grantId", UUID.randomUUID().toString()).put("holder", "0x1234").put("amount", "5"));
        assertTrue(failed(bad).lastError().contains("holder"), outbox.find(bad).orElseThrow().lastError());
        UUID zero = submit(ChainCommand.MintCuratorTokens.KIND, JSON.createObjectNode()
                .put("grantId", UUID.randomUUID().toString()).put("holder", wallet(3).value()).put("amount", "0"));
        assertTrue(failed(zero).lastError().contains("positive"));
    }

    @Test
    void votingPowerAtASnapshotIgnoresLaterTransfers() throws Exception {
        BigInteger fifty = TOKEN.multiply(BigInteger.valueOf(50));
        BigInteger twenty = TOKEN.multiply(BigInteger.valueOf(20));
        BigInteger thirty = TOKEN.multiply(BigInteger.valueOf(30));
        grant(4, fifty);
        grant(5, twenty);
        long snapshot = votingPower.latestBlock();
        assertEquals(fifty, votingPower.votesAt(wallet(4), snapshot), "latest block: getVotes");
        assertEquals(twenty, votingPower.votesAt(wallet(5), snapshot));
        BigInteger supply = votingPower.totalSupplyAt(snapshot);

        token(4).transfer(chain.address(5), thirty).send(); // mined in snapshot + 1
        long latest = votingPower.latestBlock();
        assertEquals(snapshot + 1, latest);
        assertEquals(fifty, votingPower.votesAt(wallet(4), snapshot), "past block: getPastVotes, unchanged");
        assertEquals(twenty, votingPower.votesAt(wallet(5), snapshot), "the receiver gained nothing at the snapshot");
        assertEquals(twenty, votingPower.votesAt(wallet(4), latest));
        assertEquals(fifty, votingPower.votesAt(wallet(5), latest));
        assertEquals(supply, votingPower.totalSupplyAt(snapshot));
        assertEquals(supply, votingPower.totalSupplyAt(latest), "a transfer moves power, not supply");

        // exact for both readings of "the end of the latest block": the value read at the latest block stays the
        // value read once the block is in the past
        BigInteger atLatest = votingPower.votesAt(wallet(5), latest);
        chain.mine();
        assertEquals(atLatest, votingPower.votesAt(wallet(5), latest), "getVotes then == getPastVotes now");
        assertEquals(BigInteger.ZERO, votingPower.votesAt(wallet(9), latest), "an address that never held tokens");

        assertThrows(IllegalArgumentException.class, () -> votingPower.votesAt(wallet(4), latest + 5));
        assertThrows(IllegalArgumentException.class, () -> votingPower.totalSupplyAt(votingPower.latestBlock() + 1));
        assertThrows(IllegalArgumentException.class, () -> votingPower.votesAt(wallet(4), -1));
    }

    @Test
    void hardhatRunsAnEthCallWithTheClockAtTheLatestBlock() throws Exception {
        // what ChainVotingPower's Javadoc says about the token's clock inside eth_call, checked on this node
        long latest = chain.blockNumber();
        Function clock = new Function(CuratorToken.FUNC_CLOCK, List.of(), List.of(new TypeReference<Uint48>() { }));
        String token = book.address(ContractBook.CURATOR_TOKEN);
        for (DefaultBlockParameter at : List.of(DefaultBlockParameterName.LATEST,
                DefaultBlockParameter.valueOf(BigInteger.valueOf(latest)))) {
            String value = chain.web3j().ethCall(Transaction.createEthCallTransaction(null, token,
                    FunctionEncoder.encode(clock)), at).send().getValue();
            long seen = ((BigInteger) FunctionReturnDecoder.decode(value, clock.getOutputParameters()).get(0)
                    .getValue()).longValueExact();
            assertEquals(latest, seen, "clock() in an eth_call at " + at.getValue());
        }
    }

    @Test
    void aTallyIsAnchoredAndEveryBallotVerifiesOnChain() throws Exception {
        grant(6, TOKEN.multiply(BigInteger.valueOf(11)));
        grant(7, TOKEN.multiply(BigInteger.valueOf(13)).add(BigInteger.ONE));
        grant(8, TOKEN.multiply(BigInteger.valueOf(17)));
        long snapshot = votingPower.latestBlock();
        List<MerkleTree.Ballot> ballots = List.of(
                new MerkleTree.Ballot(chain.address(6), true, votingPower.votesAt(wallet(6), snapshot)),
                new MerkleTree.Ballot(chain.address(7), false, votingPower.votesAt(wallet(7), snapshot)),
                new MerkleTree.Ballot(chain.address(8), true, votingPower.votesAt(wallet(8), snapshot)));
        UUID proposalId = UUID.randomUUID();
        ChainOutbox.Request row = confirmed(submit(ChainCommand.RecordCurationTally.KIND,
                tallyPayload(proposalId, snapshot, ballots)));

        MerkleTree tree = MerkleTree.ofBallots(ballots);
        Heard h = heardOf("tally", proposalId);
        assertEquals(tree.rootHex(), h.root());
        assertEquals(row.txHash(), h.txHash());
        assertEquals(row.blockNumber(), h.block());

        CurationVoting voting = CurationVoting.load(book.address(ContractBook.CURATION_VOTING), chain.web3j(),
                chain.tx(2), chain.gas());
        byte[] proposalKey = MerkleTree.fromHex(key(proposalId));
        var t = voting.tally(proposalKey).send();
        assertEquals(BigInteger.valueOf(snapshot), t.component1());
        assertEquals(ballots.get(0).weight().add(ballots.get(2).weight()), t.component2());
        assertEquals(ballots.get(1).weight(), t.component3());
        assertTrue(t.component4(), "accepted");
        assertArrayEquals(tree.root(), t.component5());
        for (int i = 0; i < ballots.size(); i++) {
            MerkleTree.Ballot b = ballots.get(i);
            assertTrue(voting.verifyBallot(proposalKey, b.holder(), b.support(), b.weight(), tree.proof(i)).send(),
                    "ballot " + i + " verifies on chain");
            assertFalse(voting.verifyBallot(proposalKey, b.holder(), b.support(), b.weight().subtract(BigInteger.ONE),
                    tree.proof(i)).send(), "a tampered weight does not");
        }

        // the same proposal again (a new request): the contract refuses it in simulation, nothing is sent
        long nonce = chain.web3j().ethGetTransactionCount(gateway.getAddress(), DefaultBlockParameterName.LATEST)
                .send().getTransactionCount().longValueExact();
        ChainOutbox.Request again = failed(submit(ChainCommand.RecordCurationTally.KIND,
                tallyPayload(proposalId, snapshot, ballots)));
        assertTrue(again.lastError().contains("would fail"), again.lastError());
        // ballots that do not add up to the tally are refused before that
        ObjectNode wrong = tallyPayload(UUID.randomUUID(), snapshot, ballots).put("yesVotes", "1");
        assertTrue(failed(submit(ChainCommand.RecordCurationTally.KIND, wrong)).lastError().contains("add up"));
        assertEquals(nonce, chain.web3j().ethGetTransactionCount(gateway.getAddress(),
                DefaultBlockParameterName.LATEST).send().getTransactionCount().longValueExact(), "no transaction");
    }

    @Test
    void aTallyWithoutBallotsRecordsAZeroRoot() throws Exception {
        UUID proposalId = UUID.randomUUID();
        long snapshot = votingPower.latestBlock();
        confirmed(submit(ChainCommand.RecordCurationTally.KIND, tallyPayload(proposalId, snapshot, List.of())));
        assertEquals(RecordTallyHandler.NO_BALLOTS_ROOT, heardOf("tally", proposalId).root());
        assertEquals("0x" + "0".repeat(64), RecordTallyHandler.NO_BALLOTS_ROOT);
        CurationVoting voting = CurationVoting.load(book.address(ContractBook.CURATION_VOTING), chain.web3j(),
                chain.tx(2), chain.gas());
        var t = voting.tally(MerkleTree.fromHex(key(proposalId))).send();
        assertFalse(t.component4(), "no votes: rejected");
        assertArrayEquals(new byte[32], t.component5());
    }

    @Test
    void aDataFeeCreditsExactlyTheAmounts() throws Exception {
        ComputeEscrow escrow = ComputeEscrow.load(book.address(ContractBook.COMPUTE_ESCROW), chain.web3j(),
                chain.tx(2), chain.gas());
        List<Integer> holders = List.of(1, 2, 3);
        List<BigInteger> amounts = List.of(new BigInteger("123456789012345678"), BigInteger.ONE,
                new BigInteger("987654321098765433"));
        BigInteger value = amounts.stream().reduce(BigInteger.ZERO, BigInteger::add);
        Map<Integer, BigInteger> before = new HashMap<>();
        for (int h : holders) {
            before.put(h, escrow.creditOf(chain.address(h)).send());
        }
        UUID usageId = UUID.randomUUID();
        ObjectNode p = JSON.createObjectNode().put("usageId", usageId.toString()).put("usageKey", key(usageId))
                .put("usageDigest", "0x" + "ab".repeat(32)).put("value", value.toString());
        ArrayNode hs = p.putArray("holders");
        ArrayNode as = p.putArray("amounts");
        for (int i = 0; i < holders.size(); i++) {
            hs.add(wallet(holders.get(i)).value());
            as.add(amounts.get(i).toString());
        }
        BigInteger escrowBefore = chain.balance(escrow.getContractAddress());
        ChainOutbox.Request row = confirmed(submit(ChainCommand.PayDataFee.KIND, p));
        Heard h = heardOf("dataFee", usageId);
        assertEquals(row.txHash(), h.txHash());
        assertEquals(row.blockNumber(), h.block());
        for (int i = 0; i < holders.size(); i++) {
            assertEquals(before.get(holders.get(i)).add(amounts.get(i)),
                    escrow.creditOf(chain.address(holders.get(i))).send(), "credit of account " + holders.get(i));
        }
        assertEquals(escrowBefore.add(value), chain.balance(escrow.getContractAddress()), "value wei for wei");
        assertTrue(escrow.dataFeePaid(MerkleTree.fromHex(key(usageId))).send());
        assertTrue(row.result().contains("\"total\":\"" + value + "\""), row.result());

        // the holder pulls it
        ComputeEscrow.load(escrow.getContractAddress(), chain.web3j(), chain.tx(2), chain.gas()).withdraw().send();
        assertEquals(BigInteger.ZERO, escrow.creditOf(chain.address(2)).send());

        // a value that is not the sum, or holders without amounts: refused before sending
        UUID usage2 = UUID.randomUUID();
        ObjectNode wrongValue = p.deepCopy().put("usageId", usage2.toString()).put("usageKey", key(usage2))
                .put("value", value.add(BigInteger.ONE).toString());
        assertTrue(failed(submit(ChainCommand.PayDataFee.KIND, wrongValue)).lastError().contains("sum"));
        ObjectNode mismatch = p.deepCopy().put("usageId", usage2.toString()).put("usageKey", key(usage2));
        ((ArrayNode) mismatch.get("amounts")).remove(2);
        assertTrue(failed(submit(ChainCommand.PayDataFee.KIND, mismatch)).lastError().contains("as many"));
        // the same usage again: the contract refuses it
        ObjectNode again = p.deepCopy();
        assertTrue(failed(submit(ChainCommand.PayDataFee.KIND, again)).lastError().contains("would fail"));
    }

    @Test
    void aGatewayWithoutDeployedContractsIsUnavailable() {
        ChainVotingPower notDeployed = new ChainVotingPower(new ChainVotingPower.TokenAccess() {
            @Override
            public org.web3j.protocol.Web3j web3j() {
                return chain.web3j();
            }

            @Override
            public String curatorToken() {
                return "0x000000000000000000000000000000000000dEaD"; // no code there
            }
        });
        ChainUnavailableException e = assertThrows(ChainUnavailableException.class,
                () -> notDeployed.votesAt(wallet(1), notDeployed.latestBlock()));
        assertTrue(e.getMessage().contains("no CuratorToken code"), e.getMessage());
    }
}
