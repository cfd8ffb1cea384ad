package org.trainex.chain.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trainex.chain.testing.Reverts.assertReverts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trainex.chain.testing.DevChain;
import org.trainex.chain.testing.HardhatNode;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.tuples.generated.Tuple4;
import org.web3j.utils.Numeric;

/**
 * ComputeEscrow on a real hardhat node: releases that pay providers, a validator and the exchange's dividend lists
 * (credits + refund == locked, wei for wei; a usage's data fee once, whether paid in a release or with payDataFee),
 * data fees paid per usage (credits == msg.value), pull payments that move real ETH, the challenge period and
 * challenges, refunds, consumer deposits that only their owner funds and the exchange can only lock into that
 * owner's orders, and stakes from the provider's own wallet with slashing.
 */
@ExtendWith(HardhatNode.class)
class ComputeEscrowContractIT {
    static final int EXCHANGE = 0;
    static final int HOLDER1 = 1;
    static final int HOLDER2 = 2;
    static final int HOLDER3 = 3;
    static final int HOLDER4 = 4;
    static final int CONSUMER = 5;
    static final int PROVIDER1 = 6;
    static final int PROVIDER2 = 7;
    static final int VALIDATOR = 8;
    static final int CHALLENGER = 9;

    static final long CHALLENGE_PERIOD = 3600; // seconds
    static final long UNSTAKE_DELAY = 86_400; // seconds
    static final BigInteger BOND = new BigInteger("100000000000000000"); // 0.1 ETH
    static final BigInteger ETH = BigInteger.TEN.pow(18);

    static final byte[] NO_USAGE = new byte[32];

    static DevChain chain;
    static ComputeEscrow escrow;

    @BeforeAll
    static void deploy(DevChain devChain) throws Exception {
        chain = devChain;
        escrow = ComputeEscrow.deploy(chain.web3j(), chain.tx(EXCHANGE), chain.gas(),
                BigInteger.valueOf(CHALLENGE_PERIOD), BigInteger.valueOf(UNSTAKE_DELAY), BOND,
                chain.address(EXCHANGE)).send();
    }

    @AfterEach
    void balanceCoversEveryObligation() throws Exception {
        BigInteger obligations = escrow.totalLocked().send().add(escrow.totalCredits().send())
                .add(escrow.totalStaked().send()).add(escrow.totalBonds().send()).add(escrow.totalDeposits().send());
        assertEquals(obligations, chain.balance(escrow.getContractAddress()),
                "escrow balance == deposits + locked + credits + stakes + bonds");
    }

    static ComputeEscrow as(int account) {
        return ComputeEscrow.load(escrow.getContractAddress(), chain.web3j(), chain.tx(account), chain.gas());
    }

    static byte[] id(String name) {
        return Hash.sha3(name.getBytes(StandardCharsets.UTF_8));
    }

    static BigInteger credit(int account) throws Exception {
        return escrow.creditOf(chain.address(account)).send();
    }

    static List<String> addresses(int... accounts) {
        List<String> list = new ArrayList<>();
        for (int a : accounts) {
            list.add(chain.address(a));
        }
        return list;
    }

    static BigInteger sum(List<BigInteger> amounts) {
        return amounts.stream().reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Locks {@code amount} for a new order of the consumer, verifies it and lets its challenge period pass. */
    static byte[] verifiedOrder(String name, BigInteger amount) throws Exception {
        byte[] order = id(name);
        as(CONSUMER).lock(order, chain.address(CONSUMER), amount).send();
        escrow.markVerified(order).send();
        chain.increaseTime(CHALLENGE_PERIOD);
        return order;
    }

    /** A release without validator and data fee. */
    static TransactionReceipt releaseToProviders(byte[] order, List<String> providers, List<BigInteger> amounts)
            throws Exception {
        return escrow.release(order, providers, amounts, ZERO, BigInteger.ZERO, NO_USAGE, List.of(), List.of(),
                NO_USAGE).send();
    }

    static final String ZERO = "0x0000000000000000000000000000000000000000";

    /** Withdraws {@code account}'s credit and checks its ETH balance grew by exactly credit - gas fee. */
    static BigInteger withdrawAndCheck(int account) throws Exception {
        BigInteger credit = credit(account);
        BigInteger before = chain.balance(chain.address(account));
        BigInteger escrowBefore = chain.balance(escrow.getContractAddress());
        TransactionReceipt r = as(account).withdraw().send();
        BigInteger after = chain.balance(chain.address(account));
        assertEquals(before.add(credit).subtract(DevChain.fee(r)), after, "ETH received by account " + account);
        assertEquals(escrowBefore.subtract(credit), chain.balance(escrow.getContractAddress()));
        assertEquals(BigInteger.ZERO, credit(account));
        assertEquals(credit, ComputeEscrow.getWithdrawnEvents(r).get(0).amount);
        return credit;
    }

    @Test
    void releaseSplitsTheLockedAmountExactlyAndWithdrawMovesRealEth() throws Exception {
        byte[] order = id("order-release");
        BigInteger locked = new BigInteger("1000000000000000007");
        TransactionReceipt lockReceipt = as(CONSUMER).lock(order, chain.address(CONSUMER), locked).send();
        assertEquals(locked, ComputeEscrow.getLockedEvents(lockReceipt).get(0).amount);
        escrow.markVerified(order).send();

        List<String> providers = addresses(PROVIDER1, PROVIDER2);
        List<BigInteger> providerAmounts = List.of(new BigInteger("300000000000000001"),
                new BigInteger("200000000000000003"));
        BigInteger validatorFee = new BigInteger("50000000000000007");
        // dividends computed by the exchange over several registry entries: odd amounts, one of them 0
        List<String> holders = addresses(HOLDER1, HOLDER2, HOLDER3, HOLDER4);
        List<BigInteger> dividends = List.of(new BigInteger("14285714285714286"), new BigInteger("33333333333333333"),
                new BigInteger("52380952380952382"), BigInteger.ZERO);
        BigInteger dataFee = sum(dividends);
        byte[] usage = id("usage-of-order-release");
        byte[] digest = id("usage-record-of-order-release");

        // the challenge period (3600 s) has not passed
        assertReverts("ChallengePeriodNotOver", () -> escrow.release(order, providers, providerAmounts,
                chain.address(VALIDATOR), validatorFee, usage, holders, dividends, digest).send());
        chain.increaseTime(CHALLENGE_PERIOD + 1);

        Map<Integer, BigInteger> before = new HashMap<>();
        for (int a : new int[] {HOLDER1, HOLDER2, HOLDER3, HOLDER4, CONSUMER, PROVIDER1, PROVIDER2, VALIDATOR}) {
            before.put(a, credit(a));
        }
        TransactionReceipt r = escrow.release(order, providers, providerAmounts, chain.address(VALIDATOR),
                validatorFee, usage, holders, dividends, digest).send();

        BigInteger refund = locked.subtract(sum(providerAmounts)).subtract(validatorFee).subtract(dataFee);
        assertTrue(refund.signum() > 0, "something is refunded: " + refund);
        Map<Integer, BigInteger> expected = new HashMap<>();
        expected.put(HOLDER1, dividends.get(0));
        expected.put(HOLDER2, dividends.get(1));
        expected.put(HOLDER3, dividends.get(2));
        expected.put(HOLDER4, BigInteger.ZERO);
        expected.put(PROVIDER1, providerAmounts.get(0));
        expected.put(PROVIDER2, providerAmounts.get(1));
        expected.put(VALIDATOR, validatorFee);
        expected.put(CONSUMER, refund);
        BigInteger sumOfCredits = BigInteger.ZERO;
        for (Map.Entry<Integer, BigInteger> e : expected.entrySet()) {
            BigInteger got = credit(e.getKey()).subtract(before.get(e.getKey()));
            assertEquals(e.getValue(), got, "credit of account " + e.getKey());
            sumOfCredits = sumOfCredits.add(got);
        }
        assertEquals(locked, sumOfCredits, "credits + refund == locked, wei for wei");
        List<ComputeEscrow.CreditedEventResponse> credited = ComputeEscrow.getCreditedEvents(r);
        assertEquals(7, credited.size(), "a zero dividend credits nothing");
        assertEquals(locked, credited.stream().map(c -> c.amount).reduce(BigInteger.ZERO, BigInteger::add),
                "Credited events add up to the locked amount");
        for (ComputeEscrow.CreditedEventResponse c : credited) {
            assertEquals(Numeric.toHexString(order), Numeric.toHexString(c.orderId), "credited for the order");
        }
        assertEquals(3, credited.stream().filter(c -> c.kind.equals(BigInteger.TWO)).count(), "3 Dividend credits");
        ComputeEscrow.ReleasedEventResponse released = ComputeEscrow.getReleasedEvents(r).get(0);
        assertEquals(sum(providerAmounts), released.providersTotal);
        assertEquals(validatorFee, released.validatorFee);
        assertEquals(dataFee, released.dataFee);
        assertEquals(refund, released.refund);
        ComputeEscrow.DataFeePaidEventResponse paid = ComputeEscrow.getDataFeePaidEvents(r).get(0);
        assertEquals(Numeric.toHexString(usage), Numeric.toHexString(paid.usageId));
        assertEquals(dataFee, paid.total);
        assertEquals(Numeric.toHexString(digest), Numeric.toHexString(paid.usageDigest));
        assertTrue(escrow.dataFeePaid(usage).send(), "the usage's data fee is paid");
        Tuple4<String, BigInteger, BigInteger, BigInteger> o = escrow.order(order).send();
        assertEquals(BigInteger.valueOf(4), o.component3(), "status Released");

        // releasing twice, or refunding a released order, reverts
        assertReverts("WrongStatus", () -> escrow.release(order, providers, providerAmounts,
                chain.address(VALIDATOR), validatorFee, usage, holders, dividends, digest).send());
        assertReverts("WrongStatus", () -> releaseToProviders(order, List.of(), List.of()));
        assertReverts("WrongStatus", () -> escrow.refund(order).send());

        // pull payments: every payee withdraws real ETH
        BigInteger withdrawn = BigInteger.ZERO;
        for (int a : new int[] {HOLDER1, HOLDER2, HOLDER3, CONSUMER, PROVIDER1, PROVIDER2, VALIDATOR}) {
            withdrawn = withdrawn.add(withdrawAndCheck(a));
        }
        assertTrue(withdrawn.compareTo(locked) >= 0);
        assertReverts("NothingToWithdraw", () -> as(HOLDER1).withdraw().send());
    }

    @Test
    void aReleaseWithSeveralProvidersAndHoldersSumsExactlyToTheLock() throws Exception {
        // amounts chosen by the exchange; a holder listed twice (two registry entries) is credited twice
        BigInteger locked = new BigInteger("987654321987654321");
        byte[] order = verifiedOrder("order-many", locked);
        List<String> providers = addresses(PROVIDER1, PROVIDER2, HOLDER4);
        List<BigInteger> providerAmounts = List.of(new BigInteger("111111111111111111"),
                new BigInteger("222222222222222223"), BigInteger.valueOf(7));
        List<String> holders = addresses(HOLDER1, HOLDER2, HOLDER3, HOLDER1);
        List<BigInteger> dividends = List.of(new BigInteger("33333333333333333"), BigInteger.ONE,
                new BigInteger("66666666666666667"), BigInteger.valueOf(13));
        BigInteger escrowBalance = chain.balance(escrow.getContractAddress());
        BigInteger creditsBefore = escrow.totalCredits().send();
        BigInteger lockedBefore = escrow.totalLocked().send();
        Map<Integer, BigInteger> before = new HashMap<>();
        for (int a : new int[] {HOLDER1, HOLDER2, HOLDER3, HOLDER4, CONSUMER, PROVIDER1, PROVIDER2}) {
            before.put(a, credit(a));
        }
        TransactionReceipt r = escrow.release(order, providers, providerAmounts, ZERO, BigInteger.ZERO,
                id("usage-many"), holders, dividends, id("digest-many")).send();

        BigInteger refund = locked.subtract(sum(providerAmounts)).subtract(sum(dividends));
        Map<Integer, BigInteger> expected = Map.of(PROVIDER1, providerAmounts.get(0), PROVIDER2,
                providerAmounts.get(1), HOLDER4, providerAmounts.get(2), HOLDER1,
                dividends.get(0).add(dividends.get(3)), HOLDER2, dividends.get(1), HOLDER3, dividends.get(2),
                CONSUMER, refund);
        BigInteger total = BigInteger.ZERO;
        for (Map.Entry<Integer, BigInteger> e : expected.entrySet()) {
            BigInteger got = credit(e.getKey()).subtract(before.get(e.getKey()));
            assertEquals(e.getValue(), got, "credit of account " + e.getKey());
            total = total.add(got);
        }
        assertEquals(locked, total, "credits + refund == locked, wei for wei");
        assertEquals(creditsBefore.add(locked), escrow.totalCredits().send());
        assertEquals(lockedBefore.subtract(locked), escrow.totalLocked().send());
        assertEquals(escrowBalance, chain.balance(escrow.getContractAddress()), "no ETH moved, only credits");
        assertEquals(refund, ComputeEscrow.getReleasedEvents(r).get(0).refund);
    }

    @Test
    void releaseChecksItsListsAndPaysEachUsageOnce() throws Exception {
        BigInteger locked = new BigInteger("777777777777777777");
        byte[] order = verifiedOrder("order-checks", locked);
        List<String> holders = addresses(HOLDER1, HOLDER2, HOLDER3);
        List<BigInteger> dividends = List.of(BigInteger.valueOf(5), BigInteger.valueOf(4), BigInteger.valueOf(13));
        byte[] usage = id("usage-checks");
        byte[] digest = id("digest-checks");

        assertReverts("LengthMismatch", () -> escrow.release(order, List.of(), List.of(), ZERO, BigInteger.ZERO,
                usage, holders, dividends.subList(0, 2), digest).send());
        assertReverts("LengthMismatch", () -> escrow.release(order, List.of(), List.of(), ZERO, BigInteger.ZERO,
                usage, holders.subList(0, 2), dividends, digest).send());
        assertReverts("LengthMismatch", () -> escrow.release(order, addresses(PROVIDER1), List.of(), ZERO,
                BigInteger.ZERO, usage, holders, dividends, digest).send());
        assertReverts("ZeroAddress", () -> escrow.release(order, List.of(), List.of(), ZERO, BigInteger.ZERO,
                usage, List.of(chain.address(HOLDER1), ZERO), List.of(BigInteger.ONE, BigInteger.ONE), digest).send());
        assertReverts("ZeroAddress", () -> escrow.release(order, List.of(ZERO), List.of(BigInteger.ONE), ZERO,
                BigInteger.ZERO, usage, holders, dividends, digest).send());
        assertReverts("ZeroAddress", () -> escrow.release(order, List.of(), List.of(), ZERO, BigInteger.ONE,
                usage, holders, dividends, digest).send());
        assertReverts("ZeroUsageId", () -> escrow.release(order, List.of(), List.of(), ZERO, BigInteger.ZERO,
                NO_USAGE, holders, dividends, digest).send());
        assertReverts("ExceedsLocked", () -> escrow.release(order, addresses(PROVIDER1), List.of(locked), ZERO,
                BigInteger.ZERO, usage, holders, dividends, digest).send());
        assertReverts("OwnableUnauthorizedAccount", () -> as(CONSUMER).release(order, List.of(), List.of(), ZERO,
                BigInteger.ZERO, usage, holders, dividends, digest).send());
        // a usage whose fee was paid already (here with payDataFee) cannot be paid again by a release
        escrow.payDataFee(usage, addresses(HOLDER4), List.of(BigInteger.TEN), digest, BigInteger.TEN).send();
        assertReverts("DataFeeAlreadyPaid", () -> escrow.release(order, List.of(), List.of(), ZERO,
                BigInteger.ZERO, usage, holders, dividends, digest).send());
        assertEquals(BigInteger.TWO, escrow.order(order).send().component3(), "still Verified after the reverts");

        // payouts may take the whole lock: nothing refunded, no Refund credit
        BigInteger dataFee = sum(dividends);
        BigInteger consumerBefore = credit(CONSUMER);
        TransactionReceipt r = escrow.release(order, addresses(PROVIDER1), List.of(locked.subtract(dataFee)), ZERO,
                BigInteger.ZERO, id("usage-checks-2"), holders, dividends, digest).send();
        assertEquals(BigInteger.ZERO, ComputeEscrow.getReleasedEvents(r).get(0).refund);
        assertEquals(consumerBefore, credit(CONSUMER), "no refund");
        assertTrue(ComputeEscrow.getCreditedEvents(r).stream().noneMatch(c -> c.kind.equals(BigInteger.valueOf(3))));
        for (int a : new int[] {HOLDER1, HOLDER2, HOLDER3, HOLDER4, PROVIDER1}) {
            withdrawAndCheck(a);
        }

        // no data fee: zero usage id, empty lists, no DataFeePaid
        BigInteger locked2 = new BigInteger("1000");
        byte[] order2 = verifiedOrder("order-no-fee", locked2);
        BigInteger consumer2 = credit(CONSUMER);
        TransactionReceipt r2 = releaseToProviders(order2, addresses(PROVIDER2), List.of(BigInteger.valueOf(999)));
        assertTrue(ComputeEscrow.getDataFeePaidEvents(r2).isEmpty());
        assertFalse(escrow.dataFeePaid(NO_USAGE).send(), "the zero usage id is never marked paid");
        assertEquals(BigInteger.ZERO, ComputeEscrow.getReleasedEvents(r2).get(0).dataFee);
        assertEquals(consumer2.add(BigInteger.ONE), credit(CONSUMER), "1 wei refunded");
        withdrawAndCheck(PROVIDER2);
        withdrawAndCheck(CONSUMER);
    }

    @Test
    void aDataFeeCreditsEachHolderExactlyOnceAndHoldersWithdrawIt() throws Exception {
        byte[] usage = id("usage-1");
        byte[] usageDigest = id("usage-record-1"); // stands for the SHA-256 of the usage record
        // odd amounts; holder 1 listed twice is credited twice
        List<String> holders = List.of(chain.address(HOLDER1), chain.address(HOLDER2), chain.address(HOLDER3),
                chain.address(HOLDER1));
        List<BigInteger> amounts = List.of(new BigInteger("333333333333333333"), BigInteger.ONE,
                new BigInteger("666666666666666667"), BigInteger.valueOf(5));
        BigInteger total = amounts.stream().reduce(BigInteger.ZERO, BigInteger::add);

        assertReverts("WrongValue", () -> as(CONSUMER).payDataFee(usage, holders, amounts, usageDigest,
                total.subtract(BigInteger.ONE)).send());
        assertReverts("WrongValue", () -> as(CONSUMER).payDataFee(usage, holders, amounts, usageDigest,
                total.add(BigInteger.ONE)).send());
        assertReverts("LengthMismatch", () -> as(CONSUMER).payDataFee(usage, holders, amounts.subList(0, 3),
                usageDigest, total).send());
        assertReverts("NoHolders", () -> as(CONSUMER).payDataFee(usage, List.of(), List.of(), usageDigest,
                BigInteger.ZERO).send());
        assertReverts("ZeroAmount", () -> as(CONSUMER).payDataFee(usage, List.of(chain.address(HOLDER1)),
                List.of(BigInteger.ZERO), usageDigest, BigInteger.ZERO).send());
        assertReverts("ZeroAddress", () -> as(CONSUMER).payDataFee(usage,
                List.of(chain.address(HOLDER1), "0x0000000000000000000000000000000000000000"),
                List.of(BigInteger.ONE, BigInteger.ONE), usageDigest, BigInteger.TWO).send());
        assertFalse(escrow.dataFeePaid(usage).send());

        Map<Integer, BigInteger> before = new HashMap<>();
        for (int a : new int[] {HOLDER1, HOLDER2, HOLDER3, CONSUMER}) {
            before.put(a, credit(a));
        }
        BigInteger creditsBefore = escrow.totalCredits().send();
        TransactionReceipt r = as(CONSUMER).payDataFee(usage, holders, amounts, usageDigest, total).send();

        assertEquals(amounts.get(0).add(amounts.get(3)), credit(HOLDER1).subtract(before.get(HOLDER1)));
        assertEquals(amounts.get(1), credit(HOLDER2).subtract(before.get(HOLDER2)));
        assertEquals(amounts.get(2), credit(HOLDER3).subtract(before.get(HOLDER3)));
        assertEquals(before.get(CONSUMER), credit(CONSUMER), "the payer is credited nothing");
        assertEquals(creditsBefore.add(total), escrow.totalCredits().send(), "sum of credits == msg.value, wei for wei");
        List<ComputeEscrow.CreditedEventResponse> credited = ComputeEscrow.getCreditedEvents(r);
        assertEquals(4, credited.size());
        for (int i = 0; i < credited.size(); i++) {
            ComputeEscrow.CreditedEventResponse c = credited.get(i);
            assertEquals(BigInteger.TWO, c.kind, "CreditKind.Dividend");
            assertEquals(Numeric.toHexString(usage), Numeric.toHexString(c.orderId), "credited for the usage id");
            assertEquals(holders.get(i).toLowerCase(), c.account.toLowerCase());
            assertEquals(amounts.get(i), c.amount);
        }
        ComputeEscrow.DataFeePaidEventResponse paid = ComputeEscrow.getDataFeePaidEvents(r).get(0);
        assertEquals(Numeric.toHexString(usage), Numeric.toHexString(paid.usageId));
        assertEquals(chain.address(CONSUMER).toLowerCase(), paid.payer.toLowerCase());
        assertEquals(total, paid.total);
        assertEquals(Numeric.toHexString(usageDigest), Numeric.toHexString(paid.usageDigest));
        assertTrue(escrow.dataFeePaid(usage).send());

        // once per usage id, whoever pays
        assertReverts("DataFeeAlreadyPaid", () -> escrow.payDataFee(usage, holders, amounts, usageDigest, total)
                .send());
        // the exchange may pay another usage itself
        BigInteger holder4Before = credit(HOLDER4);
        TransactionReceipt byExchange = escrow.payDataFee(id("usage-2"), List.of(chain.address(HOLDER4)),
                List.of(BigInteger.valueOf(1234)), usageDigest, BigInteger.valueOf(1234)).send();
        assertEquals(chain.address(EXCHANGE).toLowerCase(),
                ComputeEscrow.getDataFeePaidEvents(byExchange).get(0).payer.toLowerCase());

        // holders pull their dividends as real ETH
        assertEquals(before.get(HOLDER1).add(amounts.get(0)).add(amounts.get(3)), withdrawAndCheck(HOLDER1));
        assertEquals(before.get(HOLDER2).add(amounts.get(1)), withdrawAndCheck(HOLDER2));
        assertEquals(before.get(HOLDER3).add(amounts.get(2)), withdrawAndCheck(HOLDER3));
        assertEquals(holder4Before.add(BigInteger.valueOf(1234)), withdrawAndCheck(HOLDER4));
    }

    @Test
    void refundsAndLockRules() throws Exception {
        byte[] order = id("order-refund");
        BigInteger amount = new BigInteger("123456789012345678");
        assertReverts("NotConsumer",
                () -> as(PROVIDER1).lock(order, chain.address(CONSUMER), amount).send());
        assertReverts("NotConsumer", () -> escrow.lock(order, chain.address(CONSUMER), amount).send());
        assertReverts("ZeroAmount", () -> as(CONSUMER).lock(order, chain.address(CONSUMER), BigInteger.ZERO).send());
        TransactionReceipt lock = as(CONSUMER).lock(order, chain.address(CONSUMER), amount).send();
        ComputeEscrow.LockedEventResponse locked = ComputeEscrow.getLockedEvents(lock).get(0);
        assertEquals(chain.address(CONSUMER).toLowerCase(), locked.consumer.toLowerCase());
        assertEquals(chain.address(CONSUMER).toLowerCase(), locked.payer.toLowerCase());
        assertReverts("OrderExists", () -> as(CONSUMER).lock(order, chain.address(CONSUMER), amount).send());
        assertReverts("OwnableUnauthorizedAccount", () -> as(CONSUMER).refund(order).send());

        BigInteger before = credit(CONSUMER);
        TransactionReceipt r = escrow.refund(order).send();
        assertEquals(amount, ComputeEscrow.getRefundedEvents(r).get(0).amount);
        assertEquals(before.add(amount), credit(CONSUMER), "the whole amount goes back to the consumer");
        assertReverts("WrongStatus", () -> escrow.refund(order).send());
        assertReverts("WrongStatus", () -> escrow.markVerified(order).send());
        withdrawAndCheck(CONSUMER);

        // failed verification after markVerified: still refundable in full
        byte[] failed = id("order-failed-verification");
        as(CONSUMER).lock(failed, chain.address(CONSUMER), amount).send();
        escrow.markVerified(failed).send();
        escrow.refund(failed).send();
        assertEquals(amount, withdrawAndCheck(CONSUMER));
    }

    @Test
    void aChallengeBlocksReleaseUntilResolved() throws Exception {
        byte[] order = id("order-challenged");
        BigInteger amount = new BigInteger("500000000000000011");
        as(CONSUMER).lock(order, chain.address(CONSUMER), amount).send();
        assertReverts("WrongStatus", () -> as(CHALLENGER).openChallenge(order, id("evidence"), BOND).send());
        escrow.markVerified(order).send();
        assertReverts("WrongBond", () -> as(CHALLENGER).openChallenge(order, id("evidence"), BigInteger.ONE).send());
        TransactionReceipt opened = as(CHALLENGER).openChallenge(order, id("evidence"), BOND).send();
        assertEquals(BOND, ComputeEscrow.getChallengeOpenedEvents(opened).get(0).bond);
        Tuple3<String, BigInteger, byte[]> c = escrow.challengeOf(order).send();
        assertEquals(chain.address(CHALLENGER).toLowerCase(), c.component1().toLowerCase());

        chain.increaseTime(CHALLENGE_PERIOD + 1);
        assertReverts("WrongStatus", () -> releaseToProviders(order, addresses(PROVIDER1), List.of(amount)));

        // rejected challenge: the bond is forfeited to the exchange, the order can be released
        BigInteger exchangeCredit = credit(EXCHANGE);
        escrow.resolveChallenge(order, false).send();
        assertEquals(exchangeCredit.add(BOND), credit(EXCHANGE));
        BigInteger providerCredit = credit(PROVIDER1);
        releaseToProviders(order, addresses(PROVIDER1), List.of(amount));
        assertEquals(providerCredit.add(amount), credit(PROVIDER1), "no data fee, no refund: all to the provider");
        withdrawAndCheck(PROVIDER1);
        withdrawAndCheck(EXCHANGE);

        // upheld challenge: the bond goes back, the order returns to Locked, and is refunded
        byte[] order2 = id("order-challenge-upheld");
        as(CONSUMER).lock(order2, chain.address(CONSUMER), amount).send();
        escrow.markVerified(order2).send();
        as(CHALLENGER).openChallenge(order2, id("evidence-2"), BOND).send();
        BigInteger challengerCredit = credit(CHALLENGER);
        escrow.resolveChallenge(order2, true).send();
        assertEquals(challengerCredit.add(BOND), credit(CHALLENGER));
        assertEquals(BigInteger.ONE, escrow.order(order2).send().component3(), "back to Locked");
        chain.increaseTime(CHALLENGE_PERIOD + 1);
        assertReverts("WrongStatus", () -> releaseToProviders(order2, List.of(), List.of()));
        escrow.refund(order2).send();
        withdrawAndCheck(CHALLENGER);
        withdrawAndCheck(CONSUMER);

        // too late to challenge once the period is over
        byte[] order3 = id("order-challenge-late");
        as(CONSUMER).lock(order3, chain.address(CONSUMER), amount).send();
        escrow.markVerified(order3).send();
        chain.increaseTime(CHALLENGE_PERIOD + 1);
        assertReverts("ChallengePeriodOver", () -> as(CHALLENGER).openChallenge(order3, id("e3"), BOND).send());
        escrow.refund(order3).send();
        withdrawAndCheck(CONSUMER);
    }

    @Test
    void stakesWaitForTheUnstakeDelayAndCanBeSlashed() throws Exception {
        BigInteger five = ETH.multiply(BigInteger.valueOf(5));
        BigInteger two = ETH.multiply(BigInteger.TWO);
        TransactionReceipt staked = as(PROVIDER2).stake(five).send();
        assertEquals(five, ComputeEscrow.getStakedEvents(staked).get(0).activeStake);
        as(PROVIDER2).requestUnstake(two).send();
        assertReverts("StakeLocked", () -> as(PROVIDER2).withdrawStake().send());
        assertReverts("InsufficientStake", () -> as(PROVIDER2).requestUnstake(five).send());

        // proven fraud: slash 4 ETH, 3 from the active stake and 1 from the pending one, to the consumer
        assertReverts("OwnableUnauthorizedAccount", () -> as(CONSUMER).slash(chain.address(PROVIDER2),
                ETH, chain.address(CONSUMER)).send());
        assertReverts("InsufficientStake", () -> escrow.slash(chain.address(PROVIDER2), five.add(BigInteger.ONE),
                chain.address(CONSUMER)).send());
        BigInteger consumerCredit = credit(CONSUMER);
        TransactionReceipt slashed = escrow.slash(chain.address(PROVIDER2), ETH.multiply(BigInteger.valueOf(4)),
                chain.address(CONSUMER)).send();
        assertEquals(ETH.multiply(BigInteger.valueOf(4)), ComputeEscrow.getSlashedEvents(slashed).get(0).amount);
        Tuple3<BigInteger, BigInteger, BigInteger> s = escrow.stakeOf(chain.address(PROVIDER2)).send();
        assertEquals(BigInteger.ZERO, s.component1(), "active stake");
        assertEquals(ETH, s.component2(), "pending stake");
        assertEquals(consumerCredit.add(ETH.multiply(BigInteger.valueOf(4))), credit(CONSUMER));
        withdrawAndCheck(CONSUMER);

        chain.increaseTime(UNSTAKE_DELAY + 1);
        BigInteger before = chain.balance(chain.address(PROVIDER2));
        TransactionReceipt w = as(PROVIDER2).withdrawStake().send();
        assertEquals(before.add(ETH).subtract(DevChain.fee(w)), chain.balance(chain.address(PROVIDER2)),
                "the unslashed pending stake comes back");
        assertEquals(BigInteger.ZERO, escrow.stakeOf(chain.address(PROVIDER2)).send().component2());
        assertReverts("NothingToWithdraw", () -> as(PROVIDER2).withdrawStake().send());
    }

    @Test
    void providersStakeFromTheirOwnWallets() throws Exception {
        BigInteger three = ETH.multiply(BigInteger.valueOf(3));
        BigInteger active = escrow.stakeOf(chain.address(PROVIDER1)).send().component1();
        BigInteger totalStaked = escrow.totalStaked().send();
        assertReverts("ZeroAmount", () -> as(PROVIDER1).stake(BigInteger.ZERO).send());

        TransactionReceipt r = as(PROVIDER1).stake(three).send();
        ComputeEscrow.StakedEventResponse staked = ComputeEscrow.getStakedEvents(r).get(0);
        assertEquals(chain.address(PROVIDER1).toLowerCase(), staked.provider.toLowerCase());
        assertEquals(three, staked.amount);
        assertEquals(active.add(three), staked.activeStake);
        assertEquals(active.add(three), escrow.stakeOf(chain.address(PROVIDER1)).send().component1(), "stakeOf");
        assertEquals(totalStaked.add(three), escrow.totalStaked().send());

        // the exchange holds no stake of its own to unstake; the provider can
        assertReverts("InsufficientStake", () -> escrow.requestUnstake(three).send());
        as(PROVIDER1).requestUnstake(three).send();
        chain.increaseTime(UNSTAKE_DELAY + 1);
        BigInteger before = chain.balance(chain.address(PROVIDER1));
        TransactionReceipt w = as(PROVIDER1).withdrawStake().send();
        assertEquals(before.add(three).subtract(DevChain.fee(w)), chain.balance(chain.address(PROVIDER1)),
                "the provider withdraws its stake");
    }

    @Test
    void theExchangeLocksOnlyAConsumersOwnDeposit() throws Exception {
        BigInteger amount = new BigInteger("250000000000000000"); // 0.25 ETH
        byte[] order = id("order-from-deposit");
        BigInteger deposit0 = escrow.depositOf(chain.address(CONSUMER)).send();
        assertReverts("ZeroAmount", () -> as(CONSUMER).deposit(BigInteger.ZERO).send());
        // an unfunded deposit cannot be locked, and nothing moves
        BigInteger lockedBefore = escrow.totalLocked().send();
        assertReverts("InsufficientDeposit", () -> escrow.lockFromDeposit(order, chain.address(CONSUMER),
                deposit0.add(amount)).send());
        assertEquals(lockedBefore, escrow.totalLocked().send());

        TransactionReceipt d = as(CONSUMER).deposit(amount).send();
        ComputeEscrow.DepositedEventResponse dep = ComputeEscrow.getDepositedEvents(d).get(0);
        assertEquals(chain.address(CONSUMER).toLowerCase(), dep.consumer.toLowerCase());
        assertEquals(deposit0.add(amount), dep.balance);
        // only the owner moves a deposit, and only into the depositor's own order
        assertReverts("OwnableUnauthorizedAccount", () -> as(PROVIDER1).lockFromDeposit(order,
                chain.address(CONSUMER), amount).send());
        assertReverts("InsufficientDeposit", () -> escrow.lockFromDeposit(order, chain.address(PROVIDER1),
                amount).send());
        TransactionReceipt l = escrow.lockFromDeposit(order, chain.address(CONSUMER), amount).send();
        ComputeEscrow.LockedEventResponse locked = ComputeEscrow.getLockedEvents(l).get(0);
        assertEquals(chain.address(CONSUMER).toLowerCase(), locked.payer.toLowerCase(), "the deposit pays");
        assertEquals(amount, locked.amount);
        assertEquals(deposit0, escrow.depositOf(chain.address(CONSUMER)).send());
        assertReverts("OrderExists", () -> escrow.lockFromDeposit(order, chain.address(CONSUMER), amount).send());

        // a refund credits the consumer who paid
        BigInteger credit = credit(CONSUMER);
        escrow.refund(order).send();
        assertEquals(credit.add(amount), credit(CONSUMER));

        // the unlocked rest of a deposit goes back to its owner only
        as(CONSUMER).deposit(amount).send();
        assertReverts("InsufficientDeposit", () -> as(PROVIDER1).withdrawDeposit(amount).send());
        BigInteger before = chain.balance(chain.address(CONSUMER));
        TransactionReceipt w = as(CONSUMER).withdrawDeposit(amount).send();
        assertEquals(before.add(amount).subtract(DevChain.fee(w)), chain.balance(chain.address(CONSUMER)));
        assertEquals(deposit0, escrow.depositOf(chain.address(CONSUMER)).send());
    }
}
