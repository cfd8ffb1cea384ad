package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The compute market's providers, bids and matching over the REST API of the deployed EAR (issue 5 items 1-3):
 * runners register with their capacity and beat; a provider bids on its runners; bad bids change nothing; a priced
 * order takes the cheapest bids (price-time priority, a partial fill), the match is recorded with its prices, the
 * escrow is locked (ledger and chain); an order the book cannot cover waits and matches when a bid arrives.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ComputeMarketIT {
    static String provider;
    static String consumer;
    static String admin;
    static String trainId;
    static String testId;
    static final String SUFFIX = Long.toString(System.currentTimeMillis() % 1_000_000);
    static final String CONSUMER_WALLET = TestEnvironment.address(CONSUMER_KEY);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeAll
    static void setUp() throws Exception {
        provider = token("provider");
        consumer = token("consumer");
        admin = token("admin");
        String contributor = token("contributor");
        stake(provider, "provider", PROVIDER_KEY, "1000000000000000");
        fundConsumer(consumer, "consumer", CONSUMER_KEY, new BigInteger("1000000000000"));
        trainId = registerDataset(contributor, "market-it train", fashionSubset("train", 30000, 200)).get("id").asText();
        testId = registerDataset(contributor, "market-it test", fashionSubset("t10k", 7000, 100)).get("id").asText();
    }

    /** The credentials of a runner this test registered (issue 11 item 6). */
    static RunnerCredentials runner(String id) throws Exception {
        return TestEnvironment.runner("provider", id);
    }

    static JsonNode register(String id, String region, double capacity, String owner) throws Exception {
        RunnerCredentials c = TestEnvironment.runner(owner, id);
        HttpResponse<String> r = c.call("PUT", "/api/runners/" + id, JSON.createObjectNode()
                .put("provider", owner).put("region", region).put("hardware", "cpu x2, nd4j-native, 1 thread")
                .put("capacitySamplesPerSecond", capacity).put("measuredOn", "mlp-784-256-10").toString());
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    static HttpResponse<String> bid(String runnerId, String price, Long capacity) throws Exception {
        ObjectNode b = JSON.createObjectNode().put("pricePerKiloSampleStepWei", price)
                .put("validUntil", Instant.now().plusSeconds(3600).toString());
        b.putArray("runnerIds").add(runnerId);
        if (capacity != null) {
            b.put("capacitySamplesPerSecond", capacity);
        }
        return call("POST", "/api/bids", provider, b.toString());
    }

    static ObjectNode order(long minCapacity, String maxPrice, String region) {
        ObjectNode o = JSON.createObjectNode().put("trainDatasetId", trainId).put("testDatasetId", testId)
                .put("epochs", 1).put("rounds", 1).put("batchSize", 50).put("minCapacitySamplesPerSecond", minCapacity)
                .put("maxDurationSeconds", 3600).put("maxPriceWei", maxPrice).put("consumerWallet", CONSUMER_WALLET);
        o.putArray("regions").add(region);
        return o;
    }

    @Test
    void aPricedOrderTakesTheCheapestBidsAndLocksItsPriceInEscrow() throws Exception {
        String region = "it-" + SUFFIX;
        JsonNode r1 = register("it-cheap-" + SUFFIX, region, 1000, "provider");
        assertEquals("ACTIVE", r1.get("state").asText());
        assertEquals(1000, r1.get("effectiveCapacity").asLong());
        register("it-dear-" + SUFFIX, region, 5000, "provider");
        register("it-other-" + SUFFIX, region, 5000, "provider2");
        assertEquals(204, runner("it-cheap-" + SUFFIX).call("POST", "/api/runners/it-cheap-" + SUFFIX + "/heartbeat",
                "{\"busy\":false}").statusCode());
        // a runner beats only as itself; a keyed runner that never registered is unknown
        assertEquals(403, runner("it-cheap-" + SUFFIX).call("POST", "/api/runners/it-dear-" + SUFFIX + "/heartbeat",
                "{}").statusCode());
        assertEquals(404, runnerCredentials("provider", "nobody-" + SUFFIX).call("POST", "/api/runners/nobody-"
                + SUFFIX + "/heartbeat", "{}").statusCode());
        assertEquals(403, call("PUT", "/api/runners/x-" + SUFFIX, consumer, "{}").statusCode(), "runners only");

        // bad bids: another provider's runner, more capacity than measured, a negative price, a past window
        int before = json(call("GET", "/api/bids", admin, null)).size();
        assertEquals(400, bid("it-other-" + SUFFIX, "10", null).statusCode());
        HttpResponse<String> tooMuch = bid("it-cheap-" + SUFFIX, "10", 1001L);
        assertEquals(400, tooMuch.statusCode(), tooMuch.body());
        assertTrue(tooMuch.body().contains("exceeds the runners' effective capacity of 1000"), tooMuch.body());
        assertEquals(400, bid("it-cheap-" + SUFFIX, "-3", null).statusCode());
        assertEquals(403, call("POST", "/api/bids", consumer, "{}").statusCode(), "providers only");
        assertEquals(before, json(call("GET", "/api/bids", admin, null)).size(), "refused bids store nothing");

        HttpResponse<String> dear = bid("it-dear-" + SUFFIX, "30", null);
        assertEquals(201, dear.statusCode(), dear.body());
        HttpResponse<String> cheap = bid("it-cheap-" + SUFFIX, "10", null);
        assertEquals(201, cheap.statusCode(), cheap.body());
        String dearId = json(dear).get("id").asText();
        String cheapId = json(cheap).get("id").asText();

        // the live estimate from the book (changes nothing) is what the order then costs
        HttpResponse<String> quoted = call("GET", "/api/orders/quote?trainDatasetId=" + trainId + "&epochs=1"
                + "&rounds=1&minCapacitySamplesPerSecond=3000&maxDurationSeconds=3600&region=" + region, consumer, null);
        assertEquals(200, quoted.statusCode(), quoted.body());
        JsonNode q = json(quoted);
        assertTrue(q.get("covered").asBoolean(), q.toString());
        assertEquals(200, q.get("sampleSteps").asLong(), q.toString());
        assertEquals("5", q.get("totalCostWei").asText(), q.toString());
        assertEquals(2, q.get("bids").asInt());
        assertEquals(1000, q.get("dataFeeBps").asInt(), q.toString());
        assertEquals("0", q.get("dataFeeWei").asText(), "not registry data: no dividends " + q);
        // the compute budget of a lock L is floor(L x 10000 / 11000): 6 wei is the least lock that covers 5
        assertEquals("6", q.get("requiredMaxPriceWei").asText(), q.toString());
        assertEquals(400, call("GET", "/api/orders/quote?trainDatasetId=" + trainId, consumer, null).statusCode());
        assertEquals(400, call("GET", "/api/orders/quote?trainDatasetId=" + trainId + "&rounds=51"
                + "&minCapacitySamplesPerSecond=3000&maxDurationSeconds=3600", consumer, null).statusCode());
        assertEquals(404, call("GET", "/api/orders/quote?trainDatasetId=" + trainId + "&trainDatasetId="
                + java.util.UUID.randomUUID() + "&minCapacitySamplesPerSecond=3000&maxDurationSeconds=3600",
                consumer, null).statusCode());
        // the whole order's work: two datasets (200 + 100 samples) x 2 epochs x 3 rounds
        JsonNode two = json(call("GET", "/api/orders/quote?trainDatasetId=" + trainId + "&trainDatasetId=" + testId
                + "&epochs=2&rounds=3&minCapacitySamplesPerSecond=3000&maxDurationSeconds=3600&region=" + region,
                consumer, null));
        assertEquals(1800, two.get("sampleSteps").asLong(), two.toString());
        assertTrue(two.get("covered").asBoolean(), two.toString());

        // 200 samples x 1 epoch = 200 sample-steps; 3,000 samples/s needed: all of cheap (1,000) + 2,000 of dear;
        // the quote's required maximum price is enough
        org.trainex.chain.contracts.ComputeEscrow escrow = escrow(CONSUMER_KEY);
        BigInteger depositBefore = escrow.depositOf(CONSUMER_WALLET).send();
        BigInteger gatewayBefore = web3j().ethGetBalance(address(org.web3j.crypto.Credentials.create(DEV_KEYS[0])),
                org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getBalance();
        HttpResponse<String> placed = call("POST", "/api/orders", consumer,
                order(3000, q.get("requiredMaxPriceWei").asText(), region).toString());
        assertEquals(201, placed.statusCode(), placed.body());
        JsonNode o = json(placed);
        assertEquals(200, o.get("sampleSteps").asLong());
        String orderId = o.get("id").asText();
        assertNotEquals("AWAITING_BIDS", o.get("state").asText(), o.toString());
        JsonNode m = json(call("GET", "/api/orders/" + orderId + "/match", consumer, null));
        assertEquals(2, m.get("fills").size(), m.toString());
        JsonNode first = m.get("fills").get(0);
        JsonNode second = m.get("fills").get(1);
        assertEquals(cheapId, first.get("bidId").asText(), "the cheaper bid first");
        assertEquals(1000, first.get("capacity").asLong());
        assertEquals(dearId, second.get("bidId").asText());
        assertEquals(2000, second.get("capacity").asLong(), "the dearer bid partially filled");
        // work split by capacity: 200 x 1000/3000 = 66.7 -> 67, 133; cost ceil(67 x 10 / 1000) + ceil(133 x 30 / 1000)
        assertEquals(67, first.get("sampleSteps").asLong());
        assertEquals(133, second.get("sampleSteps").asLong());
        assertEquals("1", first.get("costWei").asText());
        assertEquals("4", second.get("costWei").asText());
        assertEquals("5", m.get("totalCostWei").asText());
        JsonNode book = json(call("GET", "/api/bids", admin, null));
        for (JsonNode b : book) {
            assertNotEquals(cheapId, b.get("id").asText(), "the cheap bid is filled and left the book");
            if (b.get("id").asText().equals(dearId)) {
                assertEquals(3000, b.get("remainingCapacity").asLong());
            }
        }
        JsonNode locked = await(Duration.ofSeconds(60), () -> {
            JsonNode v = json(call("GET", "/api/orders/" + orderId, consumer, null));
            return v.hasNonNull("escrowTxHash") ? v : null;
        });
        assertTrue(locked.get("escrowTxHash").asText().matches("0x[0-9a-f]{64}"), locked.toString());
        // issue 11 item 1: the lock came out of the consumer's own deposit; the exchange's account paid gas only
        BigInteger lockWei = new BigInteger(q.get("requiredMaxPriceWei").asText());
        byte[] orderKey = org.web3j.utils.Numeric.hexStringToByteArray("0x" + "0".repeat(32)
                + orderId.replace("-", ""));
        var onChain = escrow.order(orderKey).send();
        assertEquals(CONSUMER_WALLET.toLowerCase(), onChain.component1().toLowerCase());
        assertEquals(lockWei, onChain.component2());
        assertEquals(depositBefore.subtract(lockWei), escrow.depositOf(CONSUMER_WALLET).send());
        BigInteger gatewayAfter = web3j().ethGetBalance(address(org.web3j.crypto.Credentials.create(DEV_KEYS[0])),
                org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getBalance();
        assertTrue(gatewayBefore.subtract(gatewayAfter).compareTo(BigInteger.TEN.pow(16)) < 0,
                "the gateway paid gas only: " + gatewayBefore.subtract(gatewayAfter) + " wei");
        // the books agree with the chain
        JsonNode report = json(call("POST", "/api/admin/reconciliation", admin, null));
        assertEquals(0, report.get("alarms").size(), report.toString());
        assertTrue(report.get("orders").asInt() >= 1, report.toString());

        // bad orders store nothing
        assertEquals(400, call("POST", "/api/orders", consumer, order(3000, "-1", region).toString()).statusCode());
        // a wallet the consumer did not link pays nothing (issue 11 item 1)
        ObjectNode otherWallet = order(3000, "100", region).put("consumerWallet", address(PROVIDER2_KEY));
        HttpResponse<String> other = call("POST", "/api/orders", consumer, otherWallet.toString());
        assertEquals(400, other.statusCode(), other.body());
        assertTrue(other.body().contains("not your payment wallet"), other.body());
        ObjectNode tier = order(3000, "100", region).put("verificationTier", "pol");
        assertEquals(400, call("POST", "/api/orders", consumer, tier.toString()).statusCode());
    }

    @Test
    void anOrderTheBookCannotCoverWaitsForBids() throws Exception {
        String region = "wait-" + SUFFIX;
        register("it-late-" + SUFFIX, region, 800, "provider");
        HttpResponse<String> placed = call("POST", "/api/orders", consumer, order(500, "1000000", region).toString());
        assertEquals(201, placed.statusCode(), placed.body());
        JsonNode o = json(placed);
        assertEquals("AWAITING_BIDS", o.get("state").asText());
        assertTrue(o.get("matchNote").asText().contains("offer 0 samples/s, the order needs 500"), o.toString());
        assertEquals(201, bid("it-late-" + SUFFIX, "20", null).statusCode());
        JsonNode matched = await(Duration.ofSeconds(30), () -> {
            JsonNode v = json(call("GET", "/api/orders/" + o.get("id").asText(), consumer, null));
            return "AWAITING_BIDS".equals(v.get("state").asText()) ? null : v;
        });
        assertNotNull(matched.get("jobId"), matched.toString());
    }

    @Test
    void aLostRunnersBidLeavesTheBookUntilItBeatsAgain() throws Exception {
        String id = "it-flaky-" + SUFFIX;
        register(id, "flaky-" + SUFFIX, 700, "provider");
        HttpResponse<String> posted = bid(id, "15", null);
        assertEquals(201, posted.statusCode(), posted.body());
        String bidId = json(posted).get("id").asText();
        // no heartbeat: after the lease (20 s) the runner is LOST and its bid out of the book
        JsonNode lost = await(Duration.ofSeconds(60), () -> {
            for (JsonNode r : json(call("GET", "/api/runners", admin, null))) {
                if (r.get("id").asText().equals(id) && "LOST".equals(r.get("state").asText())) {
                    return r;
                }
            }
            return null;
        });
        assertNotNull(lost);
        await(Duration.ofSeconds(10), () -> inBook(bidId) ? null : JSON.createObjectNode());
        HttpResponse<String> none = call("GET", "/api/orders/quote?trainDatasetId=" + trainId
                + "&minCapacitySamplesPerSecond=700&maxDurationSeconds=3600&region=flaky-" + SUFFIX, consumer, null);
        assertFalse(json(none).get("covered").asBoolean(), "a lost runner's capacity is not offered: " + none.body());
        // it beats again: the bid is back
        assertEquals(204, runner(id).call("POST", "/api/runners/" + id + "/heartbeat", "{\"busy\":false}").statusCode());
        await(Duration.ofSeconds(10), () -> inBook(bidId) ? JSON.createObjectNode() : null);
    }

    static boolean inBook(String bidId) throws Exception {
        for (JsonNode b : json(call("GET", "/api/bids", admin, null))) {
            if (b.get("id").asText().equals(bidId)) {
                return true;
            }
        }
        return false;
    }
}
