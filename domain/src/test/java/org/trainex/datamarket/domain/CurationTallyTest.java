package org.trainex.datamarket.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.trainex.datamarket.domain.CurationTally.Delegation;
import org.trainex.datamarket.domain.CurationTally.Result;
import org.trainex.datamarket.domain.CurationTally.Vote;

class CurationTallyTest {
    private static final String CONTRIBUTOR = "0xC0000000000000000000000000000000000000c0";
    private static final String ALICE = "0xA000000000000000000000000000000000000001";
    private static final String BOB = "0xB000000000000000000000000000000000000002";
    private static final String CAROL = "0xC000000000000000000000000000000000000003";

    private static BigInteger w(long v) {
        return BigInteger.valueOf(v);
    }

    @Test
    void thresholdIsInclusiveOfVotesCast() {
        // 50 yes / 50 no at a 50 % threshold: reaches it
        Result r = CurationTally.tally(CONTRIBUTOR, List.of(new Vote(ALICE, true, w(50)), new Vote(BOB, false, w(50))),
                List.of(), Optional.empty(), w(100), 5000, 0);
        assertTrue(r.accepted(), r.note());
        // one base unit less of yes: below
        r = CurationTally.tally(CONTRIBUTOR, List.of(new Vote(ALICE, true, w(49)), new Vote(BOB, false, w(50))),
                List.of(), Optional.empty(), w(100), 5000, 0);
        assertFalse(r.accepted());
        assertTrue(r.note().contains("below the threshold"), r.note());
    }

    @Test
    void quorumCountsVotesCastAgainstSupplyAtSnapshot() {
        Result r = CurationTally.tally(CONTRIBUTOR, List.of(new Vote(ALICE, true, w(29))), List.of(),
                Optional.empty(), w(100), 5000, 3000);
        assertFalse(r.accepted());
        assertTrue(r.note().contains("quorum"), r.note());
        r = CurationTally.tally(CONTRIBUTOR, List.of(new Vote(ALICE, true, w(30))), List.of(), Optional.empty(),
                w(100), 5000, 3000);
        assertTrue(r.accepted(), r.note());
    }

    @Test
    void noVotesIsARejectionEvenWithoutQuorum() {
        Result r = CurationTally.tally(CONTRIBUTOR, List.of(), List.of(), Optional.empty(), w(100), 5000, 0);
        assertFalse(r.accepted());
        assertEquals("rejected: no votes were cast", r.note());
    }

    @Test
    void contributorsWeightNeverCountsOnItsOwnProposal() {
        Result r = CurationTally.tally(CONTRIBUTOR, List.of(new Vote(CONTRIBUTOR, true, w(90)),
                        new Vote(ALICE, false, w(10))),
                List.of(new Delegation(CONTRIBUTOR.toLowerCase(), w(50), ALICE)), Optional.empty(), w(150), 5000, 0);
        assertFalse(r.accepted());
        assertEquals(w(0), r.yes());
        assertEquals(w(10), r.no());
        assertEquals(1, r.ballots().size());
    }

    @Test
    void delegatedWeightFollowsTheDelegatesVoteOrTheOracle() {
        Result r = CurationTally.tally(CONTRIBUTOR, List.of(new Vote(ALICE, true, w(20))),
                List.of(new Delegation(BOB, w(30), ALICE), new Delegation(CAROL, w(60), CurationTally.ORACLE)),
                Optional.of(false), w(110), 5000, 5000);
        assertEquals(w(50), r.yes());
        assertEquals(w(60), r.no());
        assertFalse(r.accepted());
        assertEquals(List.of(ALICE, BOB, CAROL), r.ballots().stream().map(CurationTally.Ballot::holder).toList());
        assertEquals(List.of(ALICE, ALICE, CurationTally.ORACLE),
                r.ballots().stream().map(CurationTally.Ballot::castBy).toList());
    }

    @Test
    void aDirectVoteOverridesTheDelegationAndAnAbstainingOracleCarriesNothing() {
        Result r = CurationTally.tally(CONTRIBUTOR, List.of(new Vote(BOB, true, w(30))),
                List.of(new Delegation(BOB, w(30), CurationTally.ORACLE), new Delegation(CAROL, w(60),
                        CurationTally.ORACLE), new Delegation(ALICE, w(10), "0xD000000000000000000000000000000000000004")),
                Optional.empty(), w(100), 5000, 0);
        assertEquals(w(30), r.yes());
        assertEquals(w(0), r.no());
        assertEquals(1, r.ballots().size(), "Carol's oracle delegation abstains, Alice's delegate did not vote");
    }

    @Test
    void aVoteNeedsPositiveWeight() {
        assertThrows(IllegalArgumentException.class, () -> new Vote(ALICE, true, w(0)));
    }
}
