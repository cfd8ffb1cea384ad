package org.trainex.datamarket.domain;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.datamarket.domain.DataRequestTest.NOW;
import static org.trainex.datamarket.domain.DataRequestTest.DEADLINE;
import static org.trainex.datamarket.domain.DataRequestTest.assertMessage;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.WalletAddress;

/** The data market's bounds, owner actions and the oracle's relative rule (issue 11 items 3 and 4). */
class DataMarketBoundsTest {
    static final WalletAddress WALLET = WalletAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    static DataRequest request(long votingPeriodSeconds) {
        return new DataRequest(UUID.randomUUID(), "initiator", "t", "", 28, 28, List.of(0, 1), 10, 0.5, 0.1,
                votingPeriodSeconds, DEADLINE, NOW);
    }

    static DataProposal proposal() {
        return new DataProposal(UUID.randomUUID(), UUID.randomUUID(), "contributor", WALLET,
                org.trainex.shared.api.ContentId.of("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"),
                org.trainex.shared.api.ContentId.of("bafkreidvbhs33ighmljlvr7zbv2ywwzcmp5adtf4kqvlly67cy56bdtmve"),
                new IdxInspector.Summary(10, 28, 28, 2, new long[] {5, 5}), "MIT", NOW);
    }

    @Test
    void theVotingPeriodIsBoundedSoNoTickCanOverflow() {
        assertMessage("votingPeriodSeconds must be in 1..7776000", () -> request(Long.MAX_VALUE));
        assertMessage("votingPeriodSeconds", () -> request(0));
        assertMessage("votingPeriodSeconds", () -> request(DataRequest.MAX_VOTING_PERIOD_SECONDS + 1));
        DataRequest longest = request(DataRequest.MAX_VOTING_PERIOD_SECONDS);
        assertEquals(Duration.ofDays(90), longest.votingPeriod());
        DataProposal p = proposal();
        p.openVoting(1, NOW, longest.votingPeriod()); // no overflow at the bound
        assertEquals(NOW.plus(Duration.ofDays(90)), p.votingEnds());
    }

    @Test
    void targetSamplesDeadlineAndThresholdsAreBounded() {
        assertMessage("targetSamples", () -> new DataRequest(UUID.randomUUID(), "i", "t", "", 28, 28, List.of(0, 1),
                0, 0.5, 0.1, 60, DEADLINE, NOW));
        assertMessage("at most 3660 days ahead", () -> new DataRequest(UUID.randomUUID(), "i", "t", "", 28, 28,
                List.of(0, 1), 10, 0.5, 0.1, 60, NOW.plus(Duration.ofDays(3661)), NOW));
        DataRequest r = request(60);
        assertMessage("oracleRelativeThreshold", () -> r.useOracle(null, 0.5, 1.5));
        assertMessage("oracleRelativeThreshold", () -> r.useOracle(null, 0.5, Double.NaN));
        assertMessage("oracleThreshold", () -> r.useOracle(null, -0.1, 0.5));
        r.useOracle(null, 0.5, 0.85);
        assertEquals(0.85, r.oracleRelativeThreshold());
        assertEquals(0.85, r.toView(0).oracleRelativeThreshold());
    }

    @Test
    void curatorTokenGrantsArePositiveAndAtMostTenToTheTwentySeven() {
        BigInteger max = BigInteger.TEN.pow(27);
        assertEquals(max, new CuratorTokenGrant(UUID.randomUUID(), WALLET, max, "admin", NOW).amount());
        assertMessage("at most 10^27", () -> new CuratorTokenGrant(UUID.randomUUID(), WALLET, max.add(BigInteger.ONE),
                "admin", NOW));
        assertMessage("at most 10^27", () -> new CuratorTokenGrant(UUID.randomUUID(), WALLET,
                BigInteger.TWO.pow(208), "admin", NOW));
        assertMessage("positive", () -> new CuratorTokenGrant(UUID.randomUUID(), WALLET, BigInteger.ZERO, "admin",
                NOW));
    }

    @Test
    void theZeroAddressIsNoWallet() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> WalletAddress.of("0x0000000000000000000000000000000000000000"));
        assertTrue(e.getMessage().contains("zero address"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> WalletAddress.of("0X0000000000000000000000000000000000000000"));
        assertEquals("0x0000000000000000000000000000000000000001",
                WalletAddress.of("0x0000000000000000000000000000000000000001").value());
    }

    @Test
    void closingIsRecordedOnceAndStopsProposals() {
        DataRequest r = request(60);
        assertTrue(r.close("initiator", NOW));
        assertFalse(r.close("admin", NOW.plusSeconds(1)));
        assertEquals("CLOSED", r.toView(0).state());
        assertEquals("initiator", r.toView(0).closedBy());
        assertMessage("closed", () -> r.accepts(new IdxInspector.Summary(10, 28, 28, 2, new long[] {5, 5}), NOW));
    }

    @Test
    void aWithdrawnProposalIsNeverTallied() {
        DataProposal p = proposal();
        p.awaitOracle(UUID.randomUUID());
        p.withdraw(NOW);
        assertEquals(DataProposal.State.WITHDRAWN, p.state());
        assertEquals(NOW, p.toView().withdrawnAt());
        assertFalse(p.oraclePending(), "a withdrawn proposal waits for no oracle");
        assertThrows(IllegalStateException.class, () -> p.openVoting(1, NOW, Duration.ofSeconds(5)));
        assertMessage("WITHDRAWN", () -> p.withdraw(NOW));
        DataProposal decided = proposal();
        decided.openVoting(1, NOW, Duration.ofSeconds(1));
        decided.decide(new CurationTally.Result(false, BigInteger.ZERO, BigInteger.ONE, BigInteger.TEN, List.of(),
                "rejected"), NOW.plusSeconds(2));
        assertMessage("REJECTED", () -> decided.withdraw(NOW));
        assertThrows(IllegalStateException.class, () -> p.decide(new CurationTally.Result(true, BigInteger.ONE,
                BigInteger.ZERO, BigInteger.TEN, List.of(), "accepted"), NOW));
    }

    @Test
    void theDefaultRelativeThresholdSeparatesTheMeasuredShards() {
        // docs/oracle-calibration.md, 5 rounds x 2 shards: worst honest shard agreement 0.797 at reference accuracy
        // 0.756 (relative 1.054) and 0.822 at 0.799 (1.029 ... lowest 1.018); best 30%-flipped 0.599 at 0.791 (0.757)
        double t = OracleRule.DEFAULT_RELATIVE_THRESHOLD;
        assertTrue(OracleRule.passes(0.813, 0.799, t), "the lowest honest relative agreement, 1.018");
        assertTrue(OracleRule.passes(0.714, 0.756, t), "10% flipped passes (lowest 0.944 of that round)");
        assertFalse(OracleRule.passes(0.658, 0.756, t), "the highest 20%-flipped relative agreement, 0.870");
        assertFalse(OracleRule.passes(0.599, 0.791, t), "the highest 30%-flipped relative agreement, 0.757");
        assertEquals(0.89, OracleRule.configuredDefault(), "no TRAINEX_ORACLE_RELATIVE_THRESHOLD in the test");
    }

    @Test
    void theOracleJudgesAgreementRelativeToItsOwnAccuracy() {
        // figures from docs/oracle-calibration.md: honest shards agree about as often as the oracle is accurate
        assertEquals(1.0, OracleRule.relative(0.84, 0.83), 1e-9, "capped at 1");
        assertTrue(OracleRule.passes(0.82, 0.84, 0.85));
        assertFalse(OracleRule.passes(0.588, 0.84, 0.85), "30% flipped labels fail");
        assertEquals(0, OracleRule.relative(0.5, 0), "no accuracy, no agreement");
        UUID task = UUID.randomUUID();
        DataProposal flipped = proposal();
        flipped.awaitOracle(task);
        assertTrue(flipped.oracleChecked(task, 0.588, 0.84, 0.5, 0.85, null, 1000));
        assertEquals(java.util.Optional.of(false), flipped.oracleChoice(), "passes 0.5 but not 0.85 x 0.84");
        assertEquals(0.84, flipped.toView().oracleReferenceAccuracy());
        assertTrue(flipped.toView().oracleNote().contains("relative agreement 0.700"), flipped.toView().oracleNote());
        DataProposal honest = proposal();
        honest.awaitOracle(task);
        honest.oracleChecked(task, 0.83, 0.84, 0.5, 0.85, null, 1000);
        assertEquals(java.util.Optional.of(true), honest.oracleChoice());
        DataProposal older = proposal();
        older.awaitOracle(task);
        older.oracleChecked(task, 0.588, Double.NaN, 0.5, 0.85, null, 1000);
        assertEquals(java.util.Optional.of(true), older.oracleChoice(), "without a reference accuracy only the "
                + "absolute threshold applies");
    }
}
