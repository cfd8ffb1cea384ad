package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trainex.jobs.protocol.JobCodec;
import org.trainex.jobs.protocol.JobQueues;
import org.trainex.jobs.protocol.TaskResult;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Issue 5 end to end with real runner processes (items 3-5, 7): two providers with three gpu-runners stake and
 * bid; a priced order on two registry datasets matches the bids by price; the job trains as FedAvg rounds with
 * chunks sized by capacity; one runner is killed with SIGKILL while it trains its chunk; its lease runs out, the
 * chunk is re-dispatched to a live runner, and the job completes. The escrow then settles after the challenge
 * period: providers are paid exactly the accepted work at the matched prices (the dead runner's attempt is not
 * paid, nobody is paid twice), the data fee goes to the registry entries' shareholders, the rest is refunded, and
 * the bill sums to the lock wei for wei; a replayed result changes nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FederatedTrainingIT {
    static final String SUFFIX = Long.toString(System.currentTimeMillis() % 1_000_000);
    static final String REGION = "it-fed-" + SUFFIX;
    static final String A1 = "fed-a1-" + SUFFIX;
    static final String A2 = "fed-a2-" + SUFFIX;
    static final String B1 = "fed-b1-" + SUFFIX;
    static final Credentials PROVIDER_KEY = Credentials.create(org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(BigInteger.valueOf(0xA11CE), 64));
    static final Credentials PROVIDER2_KEY = Credentials.create(org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(BigInteger.valueOf(0xB0B), 64));
    static final String CONSUMER_WALLET = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    static final String CONTRIBUTOR_WALLET = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
    static final Map<String, Process> RUNNERS = new LinkedHashMap<>();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeAll
    static void startRunners() throws Exception {
        awaitKeycloak();
        RUNNERS.put(A1, startRunner(A1, "provider", REGION, 3000));
        RUNNERS.put(A2, startRunner(A2, "provider", REGION, 3000));
        RUNNERS.put(B1, startRunner(B1, "provider2", REGION, 3000));
    }

    @AfterAll
    static void stopRunners() throws Exception {
        for (Process p : RUNNERS.values()) {
            p.destroy();
        }
        for (Process p : RUNNERS.values()) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    static JsonNode job(String token, String id) throws Exception {
        return json(call("GET", "/api/jobs/" + id, token, null));
    }

    @Test
    void threeRunnersTrainFedAvgRoundsSurviveAKilledRunnerAndSettleTheEscrowWeiForWei() throws Exception {
        String admin = token("admin");
        String provider = token("provider");
        String provider2 = token("provider2");
        String consumer = token("consumer");
        String contributor = token("contributor");

        // every runner joins (registration, heartbeats)
        await(Duration.ofSeconds(120), () -> {
            int active = 0;
            for (JsonNode r : json(call("GET", "/api/runners", admin, null))) {
                if (Set.of(A1, A2, B1).contains(r.get("id").asText()) && "ACTIVE".equals(r.get("state").asText())) {
                    active++;
                }
            }
            return active == 3 ? JSON.createObjectNode().put("active", active) : null;
        });

        // bids need a payout wallet and a stake
        ObjectNode bid = JSON.createObjectNode().put("pricePerKiloSampleStepWei", "2000")
                .put("validUntil", Instant.now().plusSeconds(3600).toString()).put("region", REGION);
        bid.putArray("runnerIds").add(B1);
        HttpResponse<String> unstaked = call("POST", "/api/bids", provider2, bid.toString());
        assertEquals(400, unstaked.statusCode(), unstaked.body());
        assertTrue(unstaked.body().contains("stake"), unstaked.body());
        JsonNode acct = stake(provider2, "provider2", PROVIDER2_KEY, "2000000000000000");
        assertEquals(Keys.toChecksumAddress(PROVIDER2_KEY.getAddress()), acct.get("wallet").asText());
        stake(provider, "provider", PROVIDER_KEY, "2000000000000000");
        HttpResponse<String> cheap = call("POST", "/api/bids", provider2, bid.toString());
        assertEquals(201, cheap.statusCode(), cheap.body());
        ObjectNode dearBid = bid.deepCopy().put("pricePerKiloSampleStepWei", "3000");
        dearBid.putArray("runnerIds").add(A1).add(A2);
        HttpResponse<String> dear = call("POST", "/api/bids", provider, dearBid.toString());
        assertEquals(201, dear.statusCode(), dear.body());

        // two registry datasets (contributor shares) and a held-out set
        JsonNode d1 = registerDataset(contributor, "fed-it part 1", fashionSubset("train", 0, 12_000), CONTRIBUTOR_WALLET);
        JsonNode d2 = registerDataset(contributor, "fed-it part 2", fashionSubset("train", 12_000, 12_000), CONTRIBUTOR_WALLET);
        JsonNode test = registerDataset(contributor, "fed-it test", fashionSubset("t10k", 0, 2_000));

        ObjectNode order = JSON.createObjectNode().put("trainDatasetId", d1.get("id").asText())
                .put("testDatasetId", test.get("id").asText()).put("epochs", 2).put("rounds", 2).put("batchSize", 64)
                .put("minCapacitySamplesPerSecond", 9000).put("maxDurationSeconds", 3600)
                .put("maxPriceWei", "1000000000000000").put("consumerWallet", CONSUMER_WALLET);
        order.putArray("trainDatasetIds").add(d2.get("id").asText());
        order.putArray("regions").add(REGION);
        // bad orders store nothing
        ObjectNode badRounds = order.deepCopy().put("rounds", 0);
        assertEquals(400, call("POST", "/api/orders", consumer, badRounds.toString()).statusCode());
        ObjectNode sameData = order.deepCopy();
        sameData.putArray("trainDatasetIds").add(test.get("id").asText());
        assertEquals(400, call("POST", "/api/orders", consumer, sameData.toString()).statusCode());

        HttpResponse<String> placed = call("POST", "/api/orders", consumer, order.toString());
        assertEquals(201, placed.statusCode(), placed.body());
        JsonNode o = json(placed);
        String orderId = o.get("id").asText();
        String jobId = o.get("jobId").asText();
        assertEquals(24_000L * 2 * 2, o.get("sampleSteps").asLong());
        JsonNode match = json(call("GET", "/api/orders/" + orderId + "/match", consumer, null));
        assertEquals(json(cheap).get("id").asText(), match.get("fills").get(0).get("bidId").asText(),
                "the cheaper bid first: " + match);
        assertEquals(2, match.get("fills").size(), match.toString());

        // kill -9 runner A2 while it trains its round-1 chunk
        JsonNode training = await(Duration.ofSeconds(120), () -> {
            JsonNode j = job(consumer, jobId);
            for (JsonNode c : j.get("chunks")) {
                if (c.get("runnerId").asText().equals(A2) && "LEASED".equals(c.get("state").asText())
                        && c.get("samplesDone").asLong() > 0) {
                    return j;
                }
            }
            return null;
        });
        assertEquals(1, training.get("progressEpoch").asInt(), "killed in round 1: " + training);
        Process victim = RUNNERS.get(A2);
        victim.destroyForcibly(); // SIGKILL
        assertTrue(victim.waitFor(10, TimeUnit.SECONDS));

        JsonNode done = await(Duration.ofSeconds(420), () -> {
            JsonNode j = job(consumer, jobId);
            assertNotEquals("FAILED", j.get("state").asText(), j.toString());
            return "COMPLETED".equals(j.get("state").asText()) ? j : null;
        });
        assertEquals(2, done.get("roundHistory").size());
        for (JsonNode r : done.get("roundHistory")) {
            assertEquals("EVALUATED", r.get("state").asText(), r.toString());
            assertTrue(r.get("testAccuracy").asDouble() > 0.5, r.toString());
        }
        double accuracy = done.get("testAccuracy").asDouble();
        assertTrue(accuracy >= 0.75, "FedAvg over three runners learns Fashion-MNIST: " + accuracy);

        // every slot has exactly one accepted attempt; A2's attempt expired and another runner redid it
        Map<String, Integer> donePerSlot = new HashMap<>();
        Set<String> expiredSlots = new HashSet<>();
        BigInteger paidA = BigInteger.ZERO;
        BigInteger paidB = BigInteger.ZERO;
        for (JsonNode c : done.get("chunks")) {
            String slot = c.get("round").asInt() + "/" + c.get("slot").asInt();
            switch (c.get("state").asText()) {
                case "DONE" -> {
                    donePerSlot.merge(slot, 1, Integer::sum);
                    BigInteger pay = new BigInteger(c.get("paymentWei").asText());
                    if (c.get("runnerId").asText().equals(B1)) {
                        paidB = paidB.add(pay);
                    } else {
                        paidA = paidA.add(pay);
                    }
                    assertFalse(c.get("runnerId").asText().equals(A2) && c.get("round").asInt() == 2,
                            "the dead runner did no round-2 work: " + c);
                }
                case "EXPIRED" -> {
                    assertEquals(A2, c.get("runnerId").asText(), c.toString());
                    expiredSlots.add(slot);
                }
                default -> { }
            }
        }
        assertFalse(expiredSlots.isEmpty(), "the killed runner's lease expired: " + done.get("chunks"));
        for (String s : expiredSlots) {
            assertEquals(1, donePerSlot.get(s), "slot " + s + " redone once by a live runner");
        }
        donePerSlot.values().forEach(n -> assertEquals(1, n));
        int slots = 0;
        for (JsonNode r : done.get("roundHistory")) {
            slots += r.get("chunks").asInt();
        }
        assertEquals(slots, donePerSlot.size(), "every slot of every round accepted once");

        // settlement: after the challenge period the escrow releases; the bill sums to the lock
        JsonNode bill = await(Duration.ofSeconds(120), () -> {
            JsonNode b = json(call("GET", "/api/orders/" + orderId + "/bill", consumer, null));
            return "RELEASED".equals(b.get("state").asText()) ? b : null;
        });
        assertTrue(bill.get("balanced").asBoolean(), bill.toString());
        BigInteger locked = new BigInteger(bill.get("lockedWei").asText());
        assertEquals(new BigInteger("1000000000000000"), locked);
        BigInteger sum = BigInteger.ZERO;
        Map<String, BigInteger> byParty = new HashMap<>();
        for (JsonNode l : bill.get("lines")) {
            BigInteger v = new BigInteger(l.get("amountWei").asText());
            sum = sum.add(v);
            byParty.merge(l.get("kind").asText() + ":" + l.get("party").asText(), v, BigInteger::add);
        }
        assertEquals(locked, sum, "payments + data fee + refund == lock, wei for wei");
        assertEquals(paidA, byParty.getOrDefault("PROVIDER:provider", BigInteger.ZERO), "provider paid its DONE chunks");
        assertEquals(paidB, byParty.getOrDefault("PROVIDER:provider2", BigInteger.ZERO));
        // the same accounting as without the crash: each slot's work at its matched price, paid once
        BigInteger matchedCost = new BigInteger(match.get("totalCostWei").asText());
        BigInteger providers = new BigInteger(bill.get("providersWei").asText());
        assertTrue(providers.compareTo(matchedCost) <= 0, providers + " <= matched " + matchedCost);
        BigInteger fee = new BigInteger(bill.get("dataFeeWei").asText());
        assertEquals(matchedCost.multiply(BigInteger.valueOf(o.get("dataFeeBps").asInt()))
                .divide(BigInteger.valueOf(10_000)), fee, "data fee = bps of the match cost");
        assertTrue(fee.signum() > 0);
        assertTrue(bill.get("releaseTxHash").asText().matches("0x[0-9a-f]{64}"), bill.toString());
        JsonNode earnings = json(call("GET", "/api/providers/me", provider2, null));
        assertTrue(new BigInteger(earnings.get("earnedWei").asText()).compareTo(paidB) >= 0, earnings.toString());

        // a replayed result of an accepted chunk changes nothing
        JsonNode anyDone = null;
        for (JsonNode c : done.get("chunks")) {
            if ("DONE".equals(c.get("state").asText())) {
                anyDone = c;
                break;
            }
        }
        try (Broker broker = new Broker()) {
            broker.send(JobQueues.RESULTS, JobCodec.encode(new TaskResult(UUID.fromString(anyDone.get("taskId")
                    .asText()), UUID.fromString(jobId), "replayer", TaskResult.Kind.TRAIN, TaskResult.Status.SUCCEEDED,
                    anyDone.get("modelCid").asText(), anyDone.get("samplesTotal").asLong(), 2, 0.1, -1, 1000, 10, null)));
        }
        Thread.sleep(3000);
        JsonNode after = job(consumer, jobId);
        assertEquals(done.get("chunks").toString(), after.get("chunks").toString(), "the replay changed nothing");
        assertEquals(bill.toString(), json(call("GET", "/api/orders/" + orderId + "/bill", consumer, null)).toString());
    }
}
