package org.trainex.chain.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.chain.testing.DevChain;
import org.trainex.chain.testing.HardhatNode;
import org.trainex.computemarket.api.EscrowEvents;
import org.trainex.datamarket.api.ChainRecordEvents;
import org.trainex.shared.api.ChainCommand;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.api.WalletAddress;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The compute market's escrow requests through the real pipeline against a real hardhat node (its own, on a free
 * port): LOCK_ESCROW (from the consumer's own deposit; an uncovered lock fails and moves nothing), MARK_VERIFIED, RELEASE_ESCROW (two providers, three shareholders, a refund; first
 * before the challenge period is over, which is retried, then after it) and REFUND_ESCROW, each confirmed back to a
 * recording {@link EscrowChain}; on-chain credits add up to the lock wei for wei; malformed payloads fail before
 * anything is sent; a receipt that disagrees with the payload is not confirmed.
 */
class EscrowSettlementPipelineIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final BigInteger ETH = BigInteger.TEN.pow(18);
    static final long CHALLENGE_PERIOD = 600; // seconds; set for this test's deployment (the test launcher exports 5)
    static final int CONSUMER = 5;
    static final int PROVIDER1 = 6;
    static final int PROVIDER2 = 7;
    static final int[] HOLDERS = {1, 2, 3};

    static HardhatNode.Running node;
    static DevChain chain;
    static Credentials gateway;
    static ContractBook book;
    static TransactionPipeline pipeline;
    static ComputeEscrow escrow;
    static final InMemoryOutbox outbox = new InMemoryOutbox();

    /** What the compute market heard: callback, id, transaction, block, and challengeEndsAt (verified only). */
    record Heard(String what, UUID id, String txHash, long block, long challengeEndsAt) {
    }

    static final List<Heard> heard = new ArrayList<>();

    /** A recording fake of the event publisher: the escrow events the compute market would consume. */
    static final DomainEvents recording = event -> {
        if (event instanceof EscrowEvents.EscrowLocked e) {
            heard.add(new Heard("locked", e.orderId(), e.receipt().txHash(), e.receipt().blockNumber(), 0));
        } else if (event instanceof EscrowEvents.EscrowVerified e) {
            heard.add(new Heard("verified", e.orderId(), e.receipt().txHash(), e.receipt().blockNumber(),
                    e.challengeEndsAt()));
        } else if (event instanceof EscrowEvents.EscrowReleased e) {
            heard.add(new Heard("released", e.orderId(), e.receipt().txHash(), e.receipt().blockNumber(), 0));
        } else if (event instanceof EscrowEvents.EscrowRefunded e) {
            heard.add(new Heard("refunded", e.orderId(), e.receipt().txHash(), e.receipt().blockNumber(), 0));
        } else if (event instanceof ChainRecordEvents.DataFeePaid e) {
            heard.add(new Heard("dataFeePaid", e.usageId(), e.receipt().txHash(), e.receipt().blockNumber(), 0));
        }
    };

    @BeforeAll
    static void startChain() throws Exception {
        node = HardhatNode.start();
        chain = node.chain();
        gateway = chain.account(0);
        book = new ContractBook(chain.web3j(), gateway, DevChain.CHAIN_ID, new InMemoryContracts());
        // a system property overrides TRAINEX_CHALLENGE_PERIOD_SECONDS: the early-release case needs a long period
        String before = System.getProperty("trainex.challenge.period.seconds");
        System.setProperty("trainex.challenge.period.seconds", Long.toString(CHALLENGE_PERIOD));
        try {
            book.ensureDeployed();
        } finally {
            if (before == null) {
                System.clearProperty("trainex.challenge.period.seconds");
            } else {
                System.setProperty("trainex.challenge.period.seconds", before);
            }
        }
        pipeline = pipeline(outbox);
        escrow = ComputeEscrow.load(book.address(ContractBook.COMPUTE_ESCROW), chain.web3j(), chain.tx(2),
                chain.gas());
        assertEquals(BigInteger.valueOf(CHALLENGE_PERIOD), escrow.challengePeriod().send());
    }

    @AfterAll
    static void stopChain() {
        if (node != null) {
            node.close();
        }
    }

    static TransactionPipeline pipeline(InMemoryOutbox box) {
        return new TransactionPipeline(chain.web3j(), gateway, DevChain.CHAIN_ID, 1, box,
                ChainGateway.handlers(book, recording), Runnable::run, Clock.systemUTC());
    }

    // ------------------------------------------------------------------ helpers

    /** bytes32 of a UUID: its 16 bytes left-padded with zeros. */
    static String key(UUID id) {
        return "0x" + "0".repeat(32) + id.toString().replace("-", "");
    }

    static String wallet(int account) {
        return WalletAddress.of(chain.address(account)).value();
    }

    static UUID submit(String kind, ObjectNode payload) throws Exception {
        UUID id = UUID.randomUUID();
        outbox.submitRaw(id, kind, JSON.writeValueAsString(payload));
        return id;
    }

    /** Ticks until the request is CONFIRMED or FAILED (at most 10 ticks); returns its row. */
    static ChainOutbox.Request work(UUID id) {
        for (int i = 0; i < 10; i++) {
            assertTrue(pipeline.tick(), "the node answers");
            ChainOutbox.State s = outbox.find(id).orElseThrow().state();
            if (s == ChainOutbox.State.CONFIRMED || s == ChainOutbox.State.FAILED) {
                break;
            }
        }
        return outbox.find(id).orElseThrow();
    }

    static ChainOutbox.Request confirmed(String kind, ObjectNode payload) throws Exception {
        ChainOutbox.Request r = work(submit(kind, payload));
        assertEquals(ChainOutbox.State.CONFIRMED, r.state(), r.toString());
        return r;
    }

    static ChainOutbox.Request failed(String kind, ObjectNode payload) throws Exception {
        ChainOutbox.Request r = work(submit(kind, payload));
        assertEquals(ChainOutbox.State.FAILED, r.state(), r.toString());
        return r;
    }

    static Heard heardOf(String what, UUID id) {
        List<Heard> found = heard.stream().filter(h -> h.what().equals(what) && h.id().equals(id)).toList();
        assertEquals(1, found.size(), "the compute market heard " + what + " of " + id + " " + found.size()
                + " times");
        return found.get(0);
    }

    static void assertHeard(String what, UUID id, ChainOutbox.Request row) {
        Heard h = heardOf(what, id);
        assertEquals(row.txHash(), h.txHash());
        assertEquals(row.blockNumber(), h.block());
    }

    static long nonce() throws Exception {
        return chain.web3j().ethGetTransactionCount(gateway.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount().longValueExact();
    }

    static BigInteger credit(int account) throws Exception {
        return escrow.creditOf(chain.address(account)).send();
    }

    static ObjectNode order(UUID orderId) {
        return JSON.createObjectNode().put("orderId", orderId.toString()).put("orderKey", key(orderId));
    }

    static ObjectNode lock(UUID orderId, BigInteger value) {
        return order(orderId).put("consumer", wallet(CONSUMER)).put("value", value.toString());
    }

    /** The consumer sends {@code value} wei from its own wallet into its escrow deposit (as a wallet would). */
    static void deposit(BigInteger value) throws Exception {
        ComputeEscrow.load(escrow.getContractAddress(), chain.web3j(), chain.tx(CONSUMER), chain.gas())
                .deposit(value).send();
    }

    /** The consumer deposits {@code value}, then the exchange locks it for the order through the pipeline. */
    static ChainOutbox.Request lockedFromDeposit(UUID orderId, BigInteger value) throws Exception {
        deposit(value);
        return confirmed(ChainCommand.LockEscrow.KIND, lock(orderId, value));
    }

    /** A RELEASE_ESCROW payload; {@code usageId} null for none (zero key, no holders). */
    static ObjectNode release(UUID orderId, Map<String, BigInteger> providers, UUID usageId,
                              Map<String, BigInteger> holders, BigInteger refundWei) {
        ObjectNode p = order(orderId);
        ArrayNode ps = p.putArray("providers");
        ArrayNode pa = p.putArray("providerAmounts");
        providers.forEach((w, a) -> {
            ps.add(w);
            pa.add(a.toString());
        });
        if (usageId == null) {
            p.putNull("usageId").put("usageKey", "0x" + "0".repeat(64));
        } else {
            p.put("usageId", usageId.toString()).put("usageKey", key(usageId));
        }
        p.put("usageDigest", "0x" + "5d".repeat(32));
        ArrayNode hs = p.putArray("holders");
        ArrayNode da = p.putArray("dividendAmounts");
        holders.forEach((w, a) -> {
            hs.add(w);
            da.add(a.toString());
        });
        return p.put("refundWei", refundWei.toString());
    }

    static ObjectNode with(ObjectNode payload, Consumer<ObjectNode> change) {
        ObjectNode copy = payload.deepCopy();
        change.accept(copy);
        return copy;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void anOrderIsLockedVerifiedAndReleasedToItsProvidersAndShareholders() throws Exception {
        UUID orderId = UUID.randomUUID();
        byte[] orderKey = MerkleTree.fromHex(key(orderId));
        BigInteger locked = new BigInteger("1234567890123456789");
        BigInteger escrowBalance = chain.balance(escrow.getContractAddress());

        // lock: the consumer's own deposit pays, the exchange's account sends no wei
        BigInteger gatewayBalance = chain.balance(gateway.getAddress());
        BigInteger depositBefore = escrow.depositOf(wallet(CONSUMER)).send();
        ChainOutbox.Request lockRow = lockedFromDeposit(orderId, locked);
        assertHeard("locked", orderId, lockRow);
        assertEquals(escrowBalance.add(locked), chain.balance(escrow.getContractAddress()));
        assertEquals(depositBefore, escrow.depositOf(wallet(CONSUMER)).send(), "the deposit moved into the order");
        assertTrue(chain.balance(gateway.getAddress()).compareTo(gatewayBalance) < 0
                && gatewayBalance.subtract(chain.balance(gateway.getAddress())).compareTo(ETH.divide(
                BigInteger.valueOf(1000))) < 0, "the gateway paid gas only");

        // verified: the challenge period starts
        ChainOutbox.Request verifiedRow = confirmed(ChainCommand.MarkVerified.KIND, order(orderId));
        Heard verified = heardOf("verified", orderId);
        assertEquals(verifiedRow.txHash(), verified.txHash());
        var onChain = escrow.order(orderKey).send();
        assertEquals(BigInteger.TWO, onChain.component3(), "Verified");
        assertEquals(onChain.component4().longValueExact(), verified.challengeEndsAt());
        long verifiedAt = chain.web3j().ethGetBlockByNumber(
                org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(verifiedRow.blockNumber())),
                false).send().getBlock().getTimestamp().longValueExact();
        assertEquals(verifiedAt + CHALLENGE_PERIOD, verified.challengeEndsAt(), "block time + challenge period");

        // release: 2 providers, 3 holders, the rest refunded
        Map<String, BigInteger> providers = new LinkedHashMap<>();
        providers.put(wallet(PROVIDER1), new BigInteger("400000000000000003"));
        providers.put(wallet(PROVIDER2), new BigInteger("300000000000000001"));
        Map<String, BigInteger> holders = new LinkedHashMap<>();
        holders.put(wallet(HOLDERS[0]), new BigInteger("11111111111111111"));
        holders.put(wallet(HOLDERS[1]), BigInteger.ONE);
        holders.put(wallet(HOLDERS[2]), new BigInteger("22222222222222229"));
        BigInteger providersTotal = providers.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger dataFee = holders.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger refund = locked.subtract(providersTotal).subtract(dataFee);
        UUID usageId = UUID.randomUUID();
        ObjectNode releasePayload = release(orderId, providers, usageId, holders, refund);

        // before the end of the challenge period the call reverts: the request waits, saying why, and sends nothing
        long nonce = nonce();
        UUID early = submit(ChainCommand.ReleaseEscrow.KIND, releasePayload);
        assertTrue(pipeline.tick());
        ChainOutbox.Request waiting = outbox.find(early).orElseThrow();
        assertEquals(ChainOutbox.State.PENDING, waiting.state(), waiting.toString());
        assertTrue(waiting.lastError().contains("reverts for now: ChallengePeriodNotOver(orderId=" + key(orderId)
                + ", challengeEndsAt=" + verified.challengeEndsAt()), waiting.lastError());
        assertTrue(waiting.lastError().contains("next attempt in"), waiting.lastError());
        assertEquals(nonce, nonce(), "no transaction");

        chain.increaseTime(CHALLENGE_PERIOD + 1);
        Map<Integer, BigInteger> before = new LinkedHashMap<>();
        for (int a : new int[] {PROVIDER1, PROVIDER2, HOLDERS[0], HOLDERS[1], HOLDERS[2], CONSUMER}) {
            before.put(a, credit(a));
        }
        BigInteger balanceBefore = chain.balance(escrow.getContractAddress());
        ChainOutbox.Request releaseRow = work(early);
        assertEquals(ChainOutbox.State.CONFIRMED, releaseRow.state(), releaseRow.toString());
        assertHeard("released", orderId, releaseRow);
        assertTrue(releaseRow.result().contains("\"refund\":\"" + refund + "\""), releaseRow.result());

        Map<Integer, BigInteger> expected = Map.of(PROVIDER1, providers.get(wallet(PROVIDER1)), PROVIDER2,
                providers.get(wallet(PROVIDER2)), HOLDERS[0], holders.get(wallet(HOLDERS[0])), HOLDERS[1],
                holders.get(wallet(HOLDERS[1])), HOLDERS[2], holders.get(wallet(HOLDERS[2])), CONSUMER, refund);
        BigInteger credited = BigInteger.ZERO;
        for (Map.Entry<Integer, BigInteger> e : before.entrySet()) {
            BigInteger got = credit(e.getKey()).subtract(e.getValue());
            assertEquals(expected.get(e.getKey()), got, "credit of account " + e.getKey());
            credited = credited.add(got);
        }
        assertEquals(locked, credited, "credits + refund == lock, wei for wei");
        assertEquals(balanceBefore, chain.balance(escrow.getContractAddress()), "pull payments: no ETH left yet");
        assertEquals(BigInteger.valueOf(4), escrow.order(orderKey).send().component3(), "Released");
        assertTrue(escrow.dataFeePaid(MerkleTree.fromHex(key(usageId))).send(), "the usage's data fee is paid");
        assertEquals(List.of("locked", "verified", "released"), heard.stream()
                .filter(h -> h.id().equals(orderId)).map(Heard::what).toList());

        // the same release again: the contract refuses it in simulation, naming the error
        ChainOutbox.Request again = failed(ChainCommand.ReleaseEscrow.KIND, releasePayload);
        assertTrue(again.lastError().contains("would fail: WrongStatus(orderId=" + key(orderId) + ", status=4)"),
                again.lastError());
        assertEquals(1, heard.stream().filter(h -> h.what().equals("released") && h.id().equals(orderId)).count());
    }

    @Test
    void aReleaseWithoutDataFeeAndARefund() throws Exception {
        // no data fee: usageId null, zero key, no holders; all to one provider but 5 wei
        UUID orderId = UUID.randomUUID();
        BigInteger locked = BigInteger.valueOf(1_000_000);
        lockedFromDeposit(orderId, locked);
        confirmed(ChainCommand.MarkVerified.KIND, order(orderId));
        chain.increaseTime(CHALLENGE_PERIOD);
        BigInteger consumer = credit(CONSUMER);
        BigInteger provider = credit(PROVIDER2);
        ChainOutbox.Request row = confirmed(ChainCommand.ReleaseEscrow.KIND, release(orderId,
                Map.of(wallet(PROVIDER2), locked.subtract(BigInteger.valueOf(5))), null, Map.of(),
                BigInteger.valueOf(5)));
        assertHeard("released", orderId, row);
        assertEquals(provider.add(locked).subtract(BigInteger.valueOf(5)), credit(PROVIDER2));
        assertEquals(consumer.add(BigInteger.valueOf(5)), credit(CONSUMER));

        // refund: the whole lock back to the consumer
        UUID refunded = UUID.randomUUID();
        BigInteger amount = new BigInteger("987654321987654321");
        lockedFromDeposit(refunded, amount);
        BigInteger consumerBefore = credit(CONSUMER);
        ChainOutbox.Request refundRow = confirmed(ChainCommand.RefundEscrow.KIND, order(refunded));
        assertHeard("refunded", refunded, refundRow);
        assertEquals(consumerBefore.add(amount), credit(CONSUMER), "the whole lock, wei for wei");
        assertEquals(BigInteger.valueOf(5), escrow.order(MerkleTree.fromHex(key(refunded))).send().component3());
        assertTrue(refundRow.result().contains("\"amount\":\"" + amount + "\""), refundRow.result());
        // refunded already: refused in simulation; a verified-then-refunded order cannot be verified again
        assertTrue(failed(ChainCommand.RefundEscrow.KIND, order(refunded)).lastError().contains("WrongStatus("));
        assertTrue(failed(ChainCommand.MarkVerified.KIND, order(refunded)).lastError().contains("WrongStatus("));
    }

    @Test
    void malformedPayloadsFailBeforeAnythingIsSent() throws Exception {
        long nonce = nonce();
        UUID orderId = UUID.randomUUID();
        UUID usageId = UUID.randomUUID();
        ObjectNode good = release(orderId, Map.of(wallet(PROVIDER1), BigInteger.TEN), usageId,
                Map.of(wallet(HOLDERS[0]), BigInteger.ONE), BigInteger.ZERO);
        String zero = "0x0000000000000000000000000000000000000000";
        Map<String, ObjectNode> bad = new LinkedHashMap<>();
        bad.put("dividendAmounts", with(good, p -> ((ArrayNode) p.get("dividendAmounts")).add("7")));
        bad.put("providerAmounts", with(good, p -> p.putArray("providerAmounts")));
        bad.put("providers[0]", with(good, p -> ((ArrayNode) p.get("providers")).set(0, zero)));
        bad.put("holders[0]", with(good, p -> ((ArrayNode) p.get("holders")).set(0, "0x1234")));
        bad.put("usageKey", with(good, p -> p.putNull("usageId")));
        bad.put("\"usageId\"", with(good, p -> p.remove("usageId")));
        bad.put("positive data fee", with(good, p -> p.putArray("dividendAmounts").add("0")));
        bad.put("refundWei", with(good, p -> p.put("refundWei", "-1")));
        bad.put("usageDigest", with(good, p -> p.put("usageDigest", "0x12")));
        bad.put("dividendAmounts[0]", with(good, p -> p.putArray("dividendAmounts").add("1.5")));
        for (Map.Entry<String, ObjectNode> b : bad.entrySet()) {
            ChainOutbox.Request r = failed(ChainCommand.ReleaseEscrow.KIND, b.getValue());
            assertTrue(r.lastError().startsWith("malformed request") && r.lastError().contains(b.getKey()),
                    b.getKey() + ": " + r.lastError());
        }
        assertTrue(failed(ChainCommand.LockEscrow.KIND, lock(UUID.randomUUID(), BigInteger.ZERO))
                .lastError().contains("0 wei"));
        // a lock the consumer's deposit does not cover fails in simulation: nothing is sent, nothing moves
        BigInteger deposit = escrow.depositOf(wallet(CONSUMER)).send();
        UUID uncovered = UUID.randomUUID();
        assertTrue(failed(ChainCommand.LockEscrow.KIND, lock(uncovered, deposit.add(BigInteger.ONE)))
                .lastError().contains("InsufficientDeposit("));
        assertEquals(BigInteger.ZERO, escrow.order(MerkleTree.fromHex(key(uncovered))).send().component2());
        assertEquals(deposit, escrow.depositOf(wallet(CONSUMER)).send());
        assertTrue(failed(ChainCommand.MarkVerified.KIND, order(orderId).put("orderKey", "0x1234"))
                .lastError().contains("orderKey"));
        ObjectNode noOrderId = order(orderId);
        noOrderId.remove("orderId");
        assertTrue(failed(ChainCommand.RefundEscrow.KIND, noOrderId).lastError().contains("orderId"));
        assertEquals(nonce, nonce(), "no transaction was sent");
        assertTrue(heard.stream().noneMatch(h -> h.id().equals(orderId)));
    }

    @Test
    void aReceiptThatDisagreesWithThePayloadIsNotConfirmed() throws Exception {
        UUID orderId = UUID.randomUUID();
        BigInteger locked = BigInteger.valueOf(1000);
        lockedFromDeposit(orderId, locked);
        confirmed(ChainCommand.MarkVerified.KIND, order(orderId));
        chain.increaseTime(CHALLENGE_PERIOD);
        // the payload expects a refund of 1 wei, the chain refunds 100 (a bug in the exchange's arithmetic, say)
        InMemoryOutbox own = new InMemoryOutbox();
        TransactionPipeline p = pipeline(own);
        UUID id = UUID.randomUUID();
        own.submitRaw(id, ChainCommand.ReleaseEscrow.KIND, JSON.writeValueAsString(release(orderId,
                Map.of(wallet(PROVIDER1), BigInteger.valueOf(900)), null, Map.of(), BigInteger.ONE)));
        assertTrue(p.tick()); // signed and sent
        // the follow-up finds the receipt disagreeing: the request is not confirmed; the failure is logged once
        // with the request's id and reason, and the request backs off (issue 11: one bad item stops nothing)
        java.util.List<java.util.logging.LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(TransactionPipeline.class.getName());
        log.addHandler(capture);
        try {
            assertTrue(p.tick(), "the node answers; the bad request does not stop the tick");
        } finally {
            log.removeHandler(capture);
        }
        String logged = warnings.stream().map(java.util.logging.LogRecord::getMessage)
                .filter(m -> m != null && m.contains(id.toString())).findFirst().orElse("");
        assertTrue(logged.contains("no Released event") && logged.contains("refund 100"), warnings.toString()
                + " / " + logged);
        assertEquals(ChainOutbox.State.SIGNED, own.find(id).orElseThrow().state(), "not confirmed");
        assertTrue(heard.stream().noneMatch(h -> h.what().equals("released") && h.id().equals(orderId)));
    }
}
