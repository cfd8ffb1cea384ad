package org.trainex.chain.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trainex.chain.testing.Reverts.assertReverts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.chain.merkle.MerkleTree.Ballot;
import org.trainex.chain.testing.DevChain;
import org.trainex.chain.testing.HardhatNode;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple6;

/**
 * CuratorToken + CurationVoting on a real hardhat node: minted tokens vote at once (the token delegates a holder
 * without a delegate to itself), delegating to an oracle account moves the power, and a recorded tally's ballots can be
 * audited with {@code verifyBallot}: a ballot holds only if it is in the recorded Merkle root AND its weight is the
 * holder's checkpointed power at the snapshot block, so a token cannot vote twice by moving to another address.
 * Each test uses its own accounts, so the order of the tests does not matter.
 */
@ExtendWith(HardhatNode.class)
class CurationContractIT {
    static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    static final byte[] NO_BALLOTS = new byte[32];
    static final int EXCHANGE = 0;
    static final int ALICE = 1;
    static final int BOB = 2;
    static final int CAROL = 3;
    static final int ORACLE = 4;
    static final int DAVE = 5;
    static final int ERIN = 6;
    static final int FRANK = 7;
    static final int ORACLE2 = 8;
    static final int GRACE = 9;

    static DevChain chain;
    static CuratorToken token;
    static CurationVoting voting;

    @BeforeAll
    static void deploy(DevChain devChain) throws Exception {
        chain = devChain;
        token = CuratorToken.deploy(chain.web3j(), chain.tx(EXCHANGE), chain.gas(), chain.address(EXCHANGE)).send();
        voting = CurationVoting.deploy(chain.web3j(), chain.tx(EXCHANGE), chain.gas(), token.getContractAddress(),
                chain.address(EXCHANGE)).send();
        token.mint(chain.address(ALICE), tokens(100)).send();
        token.mint(chain.address(CAROL), tokens(40)).send();
    }

    static BigInteger tokens(long n) {
        return TOKEN.multiply(BigInteger.valueOf(n));
    }

    static CuratorToken tokenAs(int account) {
        return CuratorToken.load(token.getContractAddress(), chain.web3j(), chain.tx(account), chain.gas());
    }

    static CurationVoting votingAs(int account) {
        return CurationVoting.load(voting.getContractAddress(), chain.web3j(), chain.tx(account), chain.gas());
    }

    static byte[] id(String name) {
        return Hash.sha3(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The latest mined block as a snapshot; mines one more block so that {@code getPastVotes(holder, snapshot)} can be
     * read (an eth_call on hardhat runs with block.number == the latest block, and ERC20Votes refuses a lookup of the
     * current clock with ERC5805FutureLookup).
     */
    static long snapshot() {
        long snapshot = chain.blockNumber();
        chain.mine();
        return snapshot;
    }

    static BigInteger pastVotes(int account, long block) throws Exception {
        return token.getPastVotes(chain.address(account), BigInteger.valueOf(block)).send();
    }

    static Ballot ballot(int account, boolean support, BigInteger weight) {
        return new Ballot(chain.address(account), support, weight);
    }

    /** Records a tally of {@code ballots} (yes/no summed from them) at {@code snapshot}; returns the tree. */
    static MerkleTree record(byte[] proposal, long snapshot, List<Ballot> ballots) throws Exception {
        MerkleTree tree = MerkleTree.ofBallots(ballots);
        BigInteger yes = ballots.stream().filter(Ballot::support).map(Ballot::weight)
                .reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger no = ballots.stream().filter(b -> !b.support()).map(Ballot::weight)
                .reduce(BigInteger.ZERO, BigInteger::add);
        voting.recordTally(proposal, BigInteger.valueOf(snapshot), yes, no, yes.compareTo(no) > 0, tree.root()).send();
        return tree;
    }

    static boolean verify(byte[] proposal, Ballot b, List<byte[]> proof) throws Exception {
        return voting.verifyBallot(proposal, b.holder(), b.support(), b.weight(), proof).send();
    }

    @Test
    void mintedTokensVoteWithoutAnExplicitDelegate() throws Exception {
        assertEquals("0x0000000000000000000000000000000000000000", token.delegates(chain.address(DAVE)).send());
        TransactionReceipt mint = token.mint(chain.address(DAVE), tokens(7)).send();
        assertEquals(1, CuratorToken.getDelegateChangedEvents(mint).size(), "the first mint delegates");
        assertEquals(chain.address(DAVE), token.delegates(chain.address(DAVE)).send());
        assertEquals(tokens(7), token.getVotes(chain.address(DAVE)).send(), "power without a delegate() call");
        long afterFirst = snapshot();

        TransactionReceipt second = token.mint(chain.address(DAVE), tokens(3)).send();
        assertTrue(CuratorToken.getDelegateChangedEvents(second).isEmpty(), "a delegated holder is left alone");
        assertEquals(tokens(10), token.getVotes(chain.address(DAVE)).send());
        assertEquals(tokens(7), pastVotes(DAVE, afterFirst), "checkpointed per block");

        // a holder who chose a delegate keeps it: minted votes go to the delegate (here an oracle account)
        tokenAs(FRANK).delegate(chain.address(ORACLE2)).send();
        BigInteger oracleVotes = token.getVotes(chain.address(ORACLE2)).send();
        token.mint(chain.address(FRANK), tokens(5)).send();
        assertEquals(chain.address(ORACLE2), token.delegates(chain.address(FRANK)).send());
        assertEquals(BigInteger.ZERO, token.getVotes(chain.address(FRANK)).send());
        assertEquals(oracleVotes.add(tokens(5)), token.getVotes(chain.address(ORACLE2)).send());

        // transfers keep ERC20Votes semantics: a receiver without a delegate gets the tokens, not the power
        String receiver = "0x000000000000000000000000000000000000bEEF"; // never minted to, never delegated
        tokenAs(DAVE).transfer(receiver, tokens(1)).send();
        assertEquals(tokens(9), token.getVotes(chain.address(DAVE)).send());
        assertEquals(BigInteger.ZERO, token.getVotes(receiver).send());
        assertEquals(tokens(1), token.balanceOf(receiver).send());
        assertReverts("OwnableUnauthorizedAccount", () -> tokenAs(ALICE).mint(chain.address(ALICE), TOKEN).send());
    }

    @Test
    void aTallyIsRecordedOnceAndItsBallotsVerify() throws Exception {
        // minting delegates each to itself (or keeps its delegate): weights are read back at the snapshot
        token.mint(chain.address(ERIN), tokens(11)).send();
        token.mint(chain.address(GRACE), tokens(17)).send();
        token.mint(chain.address(ORACLE2), tokens(13)).send();
        long snapshot = snapshot();
        List<Ballot> ballots = List.of(ballot(ERIN, true, pastVotes(ERIN, snapshot)),
                ballot(GRACE, false, pastVotes(GRACE, snapshot)),
                ballot(ORACLE2, true, pastVotes(ORACLE2, snapshot)));
        assertTrue(ballots.stream().allMatch(b -> b.weight().signum() > 0), ballots.toString());
        byte[] proposal = id("proposal-tally");

        assertReverts("OwnableUnauthorizedAccount", () -> votingAs(ERIN).recordTally(proposal,
                BigInteger.valueOf(snapshot), BigInteger.ONE, BigInteger.ZERO, true, NO_BALLOTS).send());
        // the snapshot must be a mined block: the block being mined (latest + 1) is not
        assertReverts("SnapshotNotPast", () -> voting.recordTally(proposal, BigInteger.valueOf(chain.blockNumber() + 1),
                BigInteger.ONE, BigInteger.ZERO, true, NO_BALLOTS).send());
        assertReverts("UnknownTally", () -> voting.tally(proposal).send());
        assertFalse(voting.hasTally(proposal).send());

        MerkleTree tree = MerkleTree.ofBallots(ballots);
        BigInteger yes = ballots.get(0).weight().add(ballots.get(2).weight());
        BigInteger no = ballots.get(1).weight();
        TransactionReceipt r = voting.recordTally(proposal, BigInteger.valueOf(snapshot), yes, no, true, tree.root())
                .send();
        CurationVoting.TallyRecordedEventResponse event = CurationVoting.getTallyRecordedEvents(r).get(0);
        assertArrayEquals(proposal, event.proposalId);
        assertArrayEquals(tree.root(), event.ballotsRoot);
        assertEquals(BigInteger.valueOf(snapshot), event.snapshotBlock);
        assertEquals(yes, event.yesVotes);
        assertEquals(no, event.noVotes);
        assertTrue(event.accepted);

        Tuple6<BigInteger, BigInteger, BigInteger, Boolean, byte[], BigInteger> t = voting.tally(proposal).send();
        assertEquals(BigInteger.valueOf(snapshot), t.component1());
        assertEquals(yes, t.component2());
        assertEquals(no, t.component3());
        assertTrue(t.component4());
        assertArrayEquals(tree.root(), t.component5());
        assertEquals(BigInteger.valueOf(chain.latestTimestamp()), t.component6(), "recordedAt, unix seconds");
        assertTrue(voting.hasTally(proposal).send());

        // once per proposal
        assertReverts("TallyExists", () -> voting.recordTally(proposal, BigInteger.valueOf(snapshot), no, yes, false,
                tree.root()).send());

        for (int i = 0; i < ballots.size(); i++) {
            Ballot b = ballots.get(i);
            List<byte[]> proof = tree.proof(i);
            assertTrue(verify(proposal, b, proof), "ballot " + i + " verifies");
            assertFalse(verify(proposal, new Ballot(b.holder(), b.support(), b.weight().add(BigInteger.ONE)), proof),
                    "a tampered weight fails");
            assertFalse(verify(proposal, new Ballot(b.holder(), !b.support(), b.weight()), proof),
                    "a flipped vote fails");
            assertFalse(verify(id("another-proposal"), b, proof), "no tally, nothing verifies");
        }
        // a non-member with its true weight at the snapshot: not in the root
        Ballot outsider = ballot(CAROL, true, pastVotes(CAROL, snapshot));
        for (int i = 0; i < ballots.size(); i++) {
            assertFalse(verify(proposal, outsider, tree.proof(i)));
        }

        // a tally without ballots records bytes32(0): no ballot verifies under it
        byte[] empty = id("proposal-without-ballots");
        voting.recordTally(empty, BigInteger.valueOf(snapshot), BigInteger.ZERO, BigInteger.ZERO, false, NO_BALLOTS)
                .send();
        assertArrayEquals(NO_BALLOTS, voting.tally(empty).send().component5());
        assertFalse(verify(empty, ballots.get(0), List.of()));
    }

    @Test
    void aTokenCannotVoteTwiceByMovingToAnotherAddressAfterTheSnapshot() throws Exception {
        tokenAs(BOB).delegate(chain.address(BOB)).send(); // Bob is ready to vote with whatever he receives
        long snapshot = snapshot();
        BigInteger alicePower = pastVotes(ALICE, snapshot);
        assertEquals(tokens(100), alicePower);
        assertEquals(BigInteger.ZERO, pastVotes(BOB, snapshot));

        // after the snapshot Alice moves all her tokens to Bob, who now holds the power ...
        tokenAs(ALICE).transfer(chain.address(BOB), token.balanceOf(chain.address(ALICE)).send()).send();
        assertEquals(alicePower, token.getVotes(chain.address(BOB)).send(), "Bob holds the voting power now ...");
        assertEquals(BigInteger.ZERO, pastVotes(BOB, snapshot), "... but not at the snapshot");

        // ... and a tally that counted both Alice's ballot and a ballot for Bob with Alice's weight
        byte[] proposal = id("proposal-double-vote");
        Ballot alice = ballot(ALICE, true, alicePower);
        Ballot bob = ballot(BOB, true, alicePower);
        MerkleTree tree = record(proposal, snapshot, List.of(alice, bob));
        assertTrue(verify(proposal, alice, tree.proof(0)), "Alice's power at the snapshot counts");
        assertFalse(verify(proposal, bob, tree.proof(1)), "Bob's past votes are 0: the moved tokens count once");
        assertTrue(MerkleTree.verify(tree.root(), bob, tree.proof(1)), "(the ballot IS in the root)");

        // a later snapshot sees the new distribution: Bob's ballot holds, Alice has nothing
        long later = snapshot();
        byte[] next = id("proposal-after-transfer");
        MerkleTree nextTree = record(next, later, List.of(bob, alice));
        assertTrue(verify(next, bob, nextTree.proof(0)));
        assertFalse(verify(next, alice, nextTree.proof(1)));
        Ballot aliceZero = ballot(ALICE, true, BigInteger.ZERO);
        byte[] zero = id("proposal-alice-zero");
        record(zero, later, List.of(aliceZero));
        assertTrue(verify(zero, aliceZero, List.of()), "the weight is exact: Alice's past votes are 0");
    }

    @Test
    void delegatingToAnOracleMovesThePower() throws Exception {
        tokenAs(CAROL).delegate(chain.address(ORACLE)).send();
        assertEquals(chain.address(ORACLE), token.delegates(chain.address(CAROL)).send());
        long snapshot = snapshot();
        assertEquals(tokens(40), pastVotes(ORACLE, snapshot));
        assertEquals(BigInteger.ZERO, pastVotes(CAROL, snapshot));

        // the oracle casts the forwarded power; the holder itself has none at this snapshot
        byte[] proposal = id("proposal-oracle");
        Ballot oracle = ballot(ORACLE, false, tokens(40));
        Ballot carol = ballot(CAROL, true, tokens(40));
        MerkleTree tree = record(proposal, snapshot, List.of(oracle, carol));
        assertTrue(verify(proposal, oracle, tree.proof(0)));
        assertFalse(verify(proposal, carol, tree.proof(1)));
        assertEquals(tokens(40), voting.tally(proposal).send().component3(), "no votes as recorded");

        // forwarding is temporary: Carol takes her votes back for the next proposal
        tokenAs(CAROL).delegate(chain.address(CAROL)).send();
        long next = snapshot();
        byte[] nextProposal = id("proposal-oracle-revoked");
        MerkleTree nextTree = record(nextProposal, next, List.of(oracle, carol));
        assertFalse(verify(nextProposal, oracle, nextTree.proof(0)));
        assertTrue(verify(nextProposal, carol, nextTree.proof(1)));
    }
}
