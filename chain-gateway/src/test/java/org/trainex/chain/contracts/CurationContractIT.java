package org.trainex.chain.contracts;

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
import org.trainex.chain.testing.DevChain;
import org.trainex.chain.testing.HardhatNode;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple5;

/**
 * CuratorToken + CurationVoting on a real hardhat node: weights are checkpoints at the proposal's snapshot block, so a
 * token cannot vote twice by moving between addresses (DataBright's prototype read live balances at tally time), an
 * address votes once, and delegating to an oracle account hands it the votes.
 */
@ExtendWith(HardhatNode.class)
class CurationContractIT {
    static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    static final int EXCHANGE = 0;
    static final int ALICE = 1;
    static final int BOB = 2;
    static final int CAROL = 3;
    static final int ORACLE = 4;

    static DevChain chain;
    static CuratorToken token;
    static CurationVoting voting;

    @BeforeAll
    static void deploy(DevChain devChain) throws Exception {
        chain = devChain;
        token = CuratorToken.deploy(chain.web3j(), chain.tx(EXCHANGE), chain.gas(), chain.address(EXCHANGE)).send();
        voting = CurationVoting.deploy(chain.web3j(), chain.tx(EXCHANGE), chain.gas(), token.getContractAddress(),
                chain.address(EXCHANGE)).send();
        token.mint(chain.address(ALICE), TOKEN.multiply(BigInteger.valueOf(100))).send();
        token.mint(chain.address(CAROL), TOKEN.multiply(BigInteger.valueOf(40))).send();
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

    /** Opens a vote whose snapshot is the latest mined block; voting ends in an hour of chain time. */
    static long open(byte[] proposalId) throws Exception {
        long snapshot = chain.blockNumber();
        voting.openProposal(proposalId, BigInteger.valueOf(snapshot),
                BigInteger.valueOf(chain.latestTimestamp() + 3600)).send();
        return snapshot;
    }

    @Test
    void aTokenCannotVoteTwiceByMovingToAnotherAddress() throws Exception {
        tokenAs(ALICE).delegate(chain.address(ALICE)).send();
        tokenAs(BOB).delegate(chain.address(BOB)).send(); // Bob is ready to vote with whatever he receives
        byte[] proposal = id("proposal-double-vote");
        long snapshot = open(proposal);

        TransactionReceipt vote = votingAs(ALICE).castVote(proposal, true).send();
        List<CurationVoting.VoteCastEventResponse> cast = CurationVoting.getVoteCastEvents(vote);
        assertEquals(TOKEN.multiply(BigInteger.valueOf(100)), cast.get(0).weight);

        // voting twice from one address fails
        assertReverts("AlreadyVoted", () -> votingAs(ALICE).castVote(proposal, true).send());

        // move all of Alice's tokens to Bob, and let Bob vote: his weight at the snapshot is 0
        tokenAs(ALICE).transfer(chain.address(BOB), TOKEN.multiply(BigInteger.valueOf(100))).send();
        assertEquals(TOKEN.multiply(BigInteger.valueOf(100)), token.getVotes(chain.address(BOB)).send(),
                "Bob holds the voting power now ...");
        assertEquals(BigInteger.ZERO, token.getPastVotes(chain.address(BOB), BigInteger.valueOf(snapshot)).send(),
                "... but not at the snapshot");
        assertReverts("NoVotingPower", () -> votingAs(BOB).castVote(proposal, true).send());
        assertFalse(voting.hasVoted(proposal, chain.address(BOB)).send());

        Tuple5<BigInteger, BigInteger, BigInteger, BigInteger, Boolean> r = voting.result(proposal).send();
        assertEquals(TOKEN.multiply(BigInteger.valueOf(100)), r.component1(), "yes votes counted once");
        assertEquals(BigInteger.ZERO, r.component2());
        assertEquals(BigInteger.valueOf(snapshot), r.component3());

        // a later proposal snapshots the new distribution: Bob votes, Alice has nothing
        byte[] next = id("proposal-after-transfer");
        open(next);
        assertReverts("NoVotingPower", () -> votingAs(ALICE).castVote(next, true).send());
        votingAs(BOB).castVote(next, false).send();
        assertEquals(TOKEN.multiply(BigInteger.valueOf(100)), voting.result(next).send().component2());
    }

    @Test
    void delegatingToAnOracleGivesItTheVotes() throws Exception {
        tokenAs(CAROL).delegate(chain.address(ORACLE)).send();
        assertEquals(chain.address(ORACLE), token.delegates(chain.address(CAROL)).send());
        byte[] proposal = id("proposal-oracle");
        long snapshot = open(proposal);
        assertEquals(TOKEN.multiply(BigInteger.valueOf(40)),
                token.getPastVotes(chain.address(ORACLE), BigInteger.valueOf(snapshot)).send());

        TransactionReceipt vote = votingAs(ORACLE).castVote(proposal, false).send();
        assertEquals(TOKEN.multiply(BigInteger.valueOf(40)), CurationVoting.getVoteCastEvents(vote).get(0).weight);
        // the holder forwarded its voting right: it cannot vote itself on this proposal
        assertReverts("NoVotingPower", () -> votingAs(CAROL).castVote(proposal, true).send());
        Tuple5<BigInteger, BigInteger, BigInteger, BigInteger, Boolean> r = voting.result(proposal).send();
        assertEquals(BigInteger.ZERO, r.component1());
        assertEquals(TOKEN.multiply(BigInteger.valueOf(40)), r.component2());

        // forwarding is temporary: Carol takes her votes back for the next proposal
        tokenAs(CAROL).delegate(chain.address(CAROL)).send();
        byte[] next = id("proposal-oracle-revoked");
        open(next);
        assertReverts("NoVotingPower", () -> votingAs(ORACLE).castVote(next, true).send());
        votingAs(CAROL).castVote(next, true).send();
        assertEquals(TOKEN.multiply(BigInteger.valueOf(40)), voting.result(next).send().component1());
    }

    @Test
    void onlyTheExchangeOpensAndMintsAndVotingCloses() throws Exception {
        byte[] proposal = id("proposal-closing");
        assertReverts("OwnableUnauthorizedAccount", () -> votingAs(ALICE).openProposal(proposal,
                BigInteger.valueOf(chain.blockNumber()), BigInteger.valueOf(chain.latestTimestamp() + 60)).send());
        assertReverts("OwnableUnauthorizedAccount",
                () -> tokenAs(ALICE).mint(chain.address(ALICE), TOKEN).send());
        assertReverts("VotingEndsInPast", () -> voting.openProposal(proposal,
                BigInteger.valueOf(chain.blockNumber()), BigInteger.valueOf(chain.latestTimestamp() - 1)).send());
        assertReverts("UnknownProposal", () -> votingAs(CAROL).castVote(id("nope"), true).send());

        voting.openProposal(proposal, BigInteger.valueOf(chain.blockNumber()),
                BigInteger.valueOf(chain.latestTimestamp() + 60)).send();
        assertReverts("ProposalExists", () -> voting.openProposal(proposal,
                BigInteger.valueOf(chain.blockNumber()), BigInteger.valueOf(chain.latestTimestamp() + 60)).send());
        assertFalse(voting.result(proposal).send().component5());
        chain.increaseTime(61);
        assertReverts("VotingClosed", () -> votingAs(CAROL).castVote(proposal, true).send());
        assertTrue(voting.result(proposal).send().component5(), "ended");

        // a snapshot in the future: no vote until that block has passed
        byte[] future = id("proposal-future-snapshot");
        long snapshot = chain.blockNumber() + 5;
        voting.openProposal(future, BigInteger.valueOf(snapshot), BigInteger.valueOf(chain.latestTimestamp() + 600))
                .send();
        assertReverts("SnapshotNotReached", () -> votingAs(CAROL).castVote(future, true).send());
    }
}
