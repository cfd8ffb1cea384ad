package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
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
    static final String CONSUMER_WALLET = TestEnvironment.address(CONSUMER_KEY);
    static final String CONTRIBUTOR_WALLET = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
    static final Map<String, Process> RUNNERS = new LinkedHashMap<>();

    @ArquillianResource
    ManagementClient management;

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
        // the consumer pays from its own wallet: linked by signature, the lock covered by its own escrow deposit
        fundConsumer(consumer, "consumer", CONSUMER_KEY, new BigInteger("1000000000000000"));
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

        // the exchange measured B1 by its own clock (first download of a task to its recorded result; issue 11
        // item 6): B1 fetched its shard (a fresh cache) and the global models for its tasks
        JsonNode b1 = null;
        for (JsonNode r : json(call("GET", "/api/runners", admin, null))) {
            if (r.get("id").asText().equals(B1)) {
                b1 = r;
            }
        }
        assertNotNull(b1, "runner " + B1);
        assertTrue(b1.path("measuredCapacity").asDouble() > 0, "measured by the exchange: " + b1);
        assertTrue(b1.get("effectiveCapacity").asLong() <= 3000, "never more than its claim: " + b1);

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
        // the same accounting as without the crash: each slot's work at its matched price, paid once; the compute
        // charge is capped at the match cost (the rounds' chunk plans may round a few sample-steps onto a dearer
        // runner than the match did; the excess comes off the dearest work)
        BigInteger matchedCost = new BigInteger(match.get("totalCostWei").asText());
        BigInteger providers = new BigInteger(bill.get("providersWei").asText());
        assertEquals(paidA.add(paidB).min(matchedCost), providers, "the DONE chunks' payments, at most the match cost");
        BigInteger lineA = byParty.getOrDefault("PROVIDER:provider", BigInteger.ZERO);
        BigInteger lineB = byParty.getOrDefault("PROVIDER:provider2", BigInteger.ZERO);
        assertTrue(lineA.compareTo(paidA) <= 0 && lineB.compareTo(paidB) <= 0, bill.toString());
        if (paidA.add(paidB).compareTo(matchedCost) <= 0) {
            assertEquals(paidA, lineA, "provider paid its DONE chunks");
            assertEquals(paidB, lineB);
        }
        BigInteger fee = new BigInteger(bill.get("dataFeeWei").asText());
        assertEquals(matchedCost.multiply(BigInteger.valueOf(o.get("dataFeeBps").asInt()))
                .divide(BigInteger.valueOf(10_000)), fee, "data fee = bps of the match cost");
        assertTrue(fee.signum() > 0);
        assertTrue(bill.get("releaseTxHash").asText().matches("0x[0-9a-f]{64}"), bill.toString());
        JsonNode earnings = json(call("GET", "/api/providers/me", provider2, null));
        assertTrue(new BigInteger(earnings.get("earnedWei").asText()).compareTo(lineB) >= 0, earnings.toString());

        // a replayed result of an accepted chunk changes nothing
        JsonNode anyDone = null;
        for (JsonNode c : done.get("chunks")) {
            if ("DONE".equals(c.get("state").asText())) {
                anyDone = c;
                break;
            }
        }
        ServerQueues queues = new ServerQueues(management);
        long addedBefore = queues.added(JobQueues.RESULTS);
        try (Broker broker = new Broker()) {
            broker.send(JobQueues.RESULTS, JobCodec.encode(new TaskResult(UUID.fromString(anyDone.get("taskId")
                    .asText()), UUID.fromString(jobId), "replayer", TaskResult.Kind.TRAIN, TaskResult.Status.SUCCEEDED,
                    anyDone.get("modelCid").asText(), anyDone.get("samplesTotal").asLong(), 2, 0.1, -1, 1000, 10, null)));
        }
        // proof that the replay was processed (consumed, and acknowledged after its transaction) before comparing
        queues.awaitProcessed(JobQueues.RESULTS, addedBefore, 1, Duration.ofMinutes(2));
        JsonNode after = job(consumer, jobId);
        assertEquals(done.get("chunks").toString(), after.get("chunks").toString(), "the replay changed nothing");
        assertEquals(bill.toString(), json(call("GET", "/api/orders/" + orderId + "/bill", consumer, null)).toString());

        // what the consumer and the provider see of the settled job in the portal is what the REST API says
        theJobAndProviderPagesShowWhatTheApiSays(jobId, orderId);
    }

    /**
     * Headless Chromium: the consumer who ordered the job opens its page and sees it as the REST API reports it
     * (state, rounds, accuracy to 4 decimals, every chunk attempt including the killed runner's EXPIRED one, the last
     * round's progress per runner, the loss/accuracy chart drawn by Chart.js, and the bill wei for wei); then, in a
     * fresh browser (no Keycloak session), the provider sees its payout for the order as its line of the bill and
     * its runners.
     */
    private void theJobAndProviderPagesShowWhatTheApiSays(String jobId, String orderId) throws Exception {
        String consumer = token("consumer");
        JsonNode job = job(consumer, jobId);
        JsonNode bill = json(call("GET", "/api/orders/" + orderId + "/bill", consumer, null));
        assertEquals("COMPLETED", job.get("state").asText(), job.toString());
        assertEquals("RELEASED", bill.get("state").asText(), bill.toString());

        try (Browser chromium = new Browser()) {
            WebDriver page = chromium.driver();
            chromium.signIn("consumer");
            page.get(EXCHANGE + "/computemarket/job.xhtml?id=" + jobId);
            chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("jobForm:live")));
            assertTrue(page.findElements(By.id("jobForm:problem")).isEmpty(), () -> text(page, "jobForm:problem"));
            assertTrue(page.findElements(By.id("jobForm:billNote")).isEmpty(), () -> text(page, "jobForm:billNote"));

            // the summary and the final evaluation
            assertEquals(jobId, text(page, "jobForm:jobId"));
            assertEquals(orderId, text(page, "jobForm:orderId"));
            assertEquals(job.get("state").asText(), text(page, "jobForm:state"));
            assertEquals(job.get("rounds").asText(), text(page, "jobForm:rounds"));
            JsonNode history = job.get("roundHistory");
            JsonNode lastRound = history.get(history.size() - 1);
            assertEquals(lastRound.get("round").asText(), text(page, "jobForm:currentRound"));
            assertEquals(lastRound.get("state").asText(), text(page, "jobForm:roundState"));
            assertEquals(fourDecimals(job.get("testAccuracy")), decimal(text(page, "jobForm:testAccuracy")));
            assertEquals(fourDecimals(job.get("testLoss")), decimal(text(page, "jobForm:testLoss")));
            assertEquals(job.get("modelCid").asText(), text(page, "jobForm:modelCid"));

            // the rounds, one row each
            List<List<String>> roundRows = rows(page, "jobForm:roundsTable");
            assertEquals(history.size(), roundRows.size(), roundRows.toString());
            for (int i = 0; i < history.size(); i++) {
                JsonNode r = history.get(i);
                List<String> row = roundRows.get(i);
                assertEquals(List.of(r.get("round").asText(), r.get("state").asText(),
                        r.get("chunksDone").asText() + " / " + r.get("chunks").asText(), fourDecimals(r.get("trainLoss")),
                        fourDecimals(r.get("testLoss")), fourDecimals(r.get("testAccuracy"))),
                        List.of(row.get(0), row.get(1), row.get(2), decimal(row.get(3)), decimal(row.get(4)),
                                decimal(row.get(5))), "round " + r);
            }

            // every chunk attempt by round, slot and attempt, the killed runner's EXPIRED one included
            List<JsonNode> chunks = new ArrayList<>();
            job.get("chunks").forEach(chunks::add);
            chunks.sort(Comparator.<JsonNode>comparingInt(c -> c.get("round").asInt())
                    .thenComparingInt(c -> c.get("slot").asInt()).thenComparingInt(c -> c.get("attempt").asInt()));
            List<List<String>> chunkRows = rows(page, "jobForm:chunks");
            int shown = Math.min(25, chunks.size()); // the table pages by 25
            assertEquals(shown, chunkRows.size(), chunkRows.toString());
            for (int i = 0; i < shown; i++) {
                JsonNode c = chunks.get(i);
                List<String> row = chunkRows.get(i);
                assertEquals(List.of(c.get("round").asText(), c.get("slot").asText(), c.get("attempt").asText(),
                        c.path("runnerId").asText(""), c.path("provider").asText(""), c.get("state").asText(),
                        c.path("paymentWei").asText("")),
                        List.of(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4), row.get(5), row.get(10)),
                        "chunk " + c);
                assertTrue(row.get(6).contains(c.get("samplesDone").asText() + " / " + c.get("samplesTotal").asText()),
                        row + " shows the progress of " + c);
            }
            assertTrue(chunkRows.stream().anyMatch(r -> r.get(3).equals(A2) && r.get(5).equals("EXPIRED")),
                    "the killed runner's expired attempt is listed: " + chunkRows);

            // progress per runner in the last round: its live (LEASED or DONE) attempts
            Map<String, long[]> perRunner = new TreeMap<>();
            Map<String, String> providerOf = new HashMap<>();
            for (JsonNode c : chunks) {
                String state = c.get("state").asText();
                if (c.get("round").asInt() == lastRound.get("round").asInt()
                        && (state.equals("DONE") || state.equals("LEASED"))) {
                    long[] p = perRunner.computeIfAbsent(c.get("runnerId").asText(), k -> new long[4]);
                    p[0] += c.get("samplesDone").asLong();
                    p[1] += c.get("samplesTotal").asLong();
                    p[2] += state.equals("DONE") ? 1 : 0;
                    p[3]++;
                    providerOf.put(c.get("runnerId").asText(), c.get("provider").asText());
                }
            }
            assertFalse(perRunner.isEmpty(), job.toString());
            List<List<String>> expectedProgress = new ArrayList<>();
            perRunner.forEach((runner, p) -> expectedProgress.add(List.of(runner, providerOf.get(runner),
                    p[0] + " / " + p[1], p[2] + " / " + p[3])));
            List<List<String>> progressRows = new ArrayList<>();
            for (List<String> row : rows(page, "jobForm:runnerProgress")) {
                progressRows.add(List.of(row.get(0), row.get(1), row.get(3), row.get(4)));
            }
            assertEquals(expectedProgress, progressRows, "progress per runner in round " + lastRound.get("round"));

            // the loss/accuracy curve: a canvas that Chart.js drew with the rounds' values
            // the curve has a canvas (waits for it; false keeps a FluentWait polling)
            Boolean hasCanvas = Browser.settled(page, d -> !d.findElement(By.id("jobForm:curve"))
                    .findElements(By.tagName("canvas")).isEmpty());
            assertTrue(hasCanvas, "the curve has a canvas");
            @SuppressWarnings("unchecked")
            Map<String, Object> chart = (Map<String, Object>) chromium.waiting().until(d -> ((JavascriptExecutor) d)
                    .executeScript("var canvas = document.getElementById('jobForm:curve').querySelector('canvas');"
                            + " var chart = window.Chart && Chart.getChart(canvas); if (!chart) return null;"
                            + " var series = {}; chart.data.datasets.forEach(function (s) { series[s.label] = s.data; });"
                            + " return {labels: chart.data.labels, series: series};"));
            @SuppressWarnings("unchecked")
            Map<String, List<Object>> series = (Map<String, List<Object>>) chart.get("series");
            List<String> labels = new ArrayList<>();
            for (JsonNode r : history) {
                labels.add(r.get("round").asText());
            }
            assertEquals(labels, chart.get("labels"), "the curve's x axis: the rounds");
            assertSeries(history, "testAccuracy", series.get("test accuracy"));
            assertSeries(history, "testLoss", series.get("test loss"));
            assertSeries(history, "trainLoss", series.get("train loss"));

            // the bill, wei for wei
            assertEquals(bill.get("state").asText(), text(page, "jobForm:billState"));
            assertTrue(text(page, "jobForm:lockedWei").startsWith(bill.get("lockedWei").asText() + " wei ("),
                    text(page, "jobForm:lockedWei"));
            assertEquals(bill.get("providersWei").asText() + " wei", text(page, "jobForm:providersWei"));
            assertEquals(bill.get("dataFeeWei").asText() + " wei", text(page, "jobForm:dataFeeWei"));
            assertEquals(bill.get("refundWei").asText() + " wei", text(page, "jobForm:refundWei"));
            assertEquals(bill.get("balanced").asBoolean() ? "yes" : "no", text(page, "jobForm:balanced"));
            assertEquals(bill.path("verifyTxHash").asText("–"), text(page, "jobForm:verifyTx"));
            assertEquals(bill.path("releaseTxHash").asText("–"), text(page, "jobForm:releaseTx"));
            List<List<String>> expectedLines = new ArrayList<>();
            for (JsonNode l : bill.get("lines")) {
                expectedLines.add(List.of(l.get("kind").asText(), l.get("party").asText(), l.get("wallet").asText(),
                        l.path("sampleSteps").asText(""), l.get("amountWei").asText()));
            }
            List<List<String>> lineRows = new ArrayList<>();
            for (List<String> row : rows(page, "jobForm:billLines")) {
                lineRows.add(row.subList(0, 5));
            }
            assertEquals(expectedLines, lineRows, "the bill's lines");
            chromium.screenshot("consumer-federated-job");
        }

        // the provider, in a fresh browser
        String provider = token("provider");
        JsonNode account = json(call("GET", "/api/providers/me", provider, null));
        List<List<String>> expectedPayouts = new ArrayList<>();
        for (JsonNode l : bill.get("lines")) {
            if ("PROVIDER".equals(l.get("kind").asText()) && "provider".equals(l.get("party").asText())) {
                expectedPayouts.add(List.of(orderId, l.get("sampleSteps").asText(), l.get("amountWei").asText(),
                        bill.get("state").asText(), bill.get("releaseTxHash").asText()));
            }
        }
        assertFalse(expectedPayouts.isEmpty(), "the provider has a line in the bill: " + bill);
        Map<String, JsonNode> runners = new HashMap<>();
        for (JsonNode r : json(call("GET", "/api/runners", token("admin"), null))) {
            runners.put(r.get("id").asText(), r);
        }
        try (Browser chromium = new Browser()) {
            WebDriver page = chromium.driver();
            chromium.signIn("provider");
            page.get(EXCHANGE + "/computemarket/provider.xhtml");
            chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("providerForm:payouts")));
            assertTrue(text(page, "providerForm:earnedWei").startsWith(account.get("earnedWei").asText() + " wei ("),
                    text(page, "providerForm:earnedWei") + " vs " + account);
            List<List<String>> payouts = new ArrayList<>();
            for (List<String> row : rows(page, "providerForm:payouts")) {
                if (row.get(0).equals(orderId)) {
                    payouts.add(List.of(row.get(0), row.get(1), row.get(2), row.get(4), row.get(5)));
                }
            }
            assertEquals(expectedPayouts, payouts, "the payout for the order is the provider's line of the bill");
            String href = Browser.settled(page, d -> String.valueOf(d.findElement(By.linkText(orderId))
                    .getDomAttribute("href")));
            assertTrue(href != null && href.contains("job.xhtml?id=" + jobId), "the order links to its job: " + href);

            Map<String, List<String>> listed = new HashMap<>();
            for (List<String> row : rows(page, "providerForm:myRunners")) {
                listed.put(row.get(0), row);
            }
            for (String id : List.of(A1, A2)) {
                JsonNode r = runners.get(id);
                assertNotNull(listed.get(id), id + " listed: " + listed.keySet());
                assertEquals(r.get("region").asText(), listed.get(id).get(1), listed.get(id).toString());
                assertTrue(listed.get(id).get(5).startsWith(r.get("state").asText()), listed.get(id) + " vs " + r);
            }
            assertFalse(listed.containsKey(B1), "another provider's runner is not listed: " + listed.keySet());
            chromium.screenshot("provider-account");
        }
    }

    /**
     * The visible text of the element with that id; read again if the job page's poll re-rendered it meanwhile
     * ({@link Browser#settled}).
     */
    private static String text(WebDriver page, String id) {
        return Browser.settled(page, d -> d.findElement(By.id(id)).getText().strip());
    }

    /**
     * The data rows of a PrimeFaces data table (its current page), each as its cells' visible texts; all read again
     * if a poll re-rendered the table while it was read.
     */
    private static List<List<String>> rows(WebDriver page, String tableId) {
        return Browser.settled(page, d -> {
            List<List<String>> rows = new ArrayList<>();
            for (WebElement tr : d.findElements(By.cssSelector("[id='" + tableId + "_data'] > tr[data-ri]"))) {
                rows.add(tr.findElements(By.xpath("./td")).stream().map(td -> td.getText().strip()).toList());
            }
            return rows;
        });
    }

    /** A REST number as the page formats it (f:convertNumber with 4 fraction digits: DecimalFormat, half-even). */
    private static String fourDecimals(JsonNode number) {
        assertTrue(number != null && number.isNumber(), "a number: " + number);
        return new BigDecimal(number.asDouble()).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A number shown by the page with '.' as the decimal separator, whatever the browser's locale. */
    private static String decimal(String shown) {
        return shown.replace(',', '.');
    }

    private static void assertSeries(JsonNode history, String field, List<Object> drawn) {
        assertNotNull(drawn, "the chart has a " + field + " series");
        assertEquals(history.size(), drawn.size(), field + ": " + drawn);
        for (int i = 0; i < history.size(); i++) {
            assertEquals(history.get(i).get(field).asDouble(), ((Number) drawn.get(i)).doubleValue(), 1e-9,
                    field + " of round " + (i + 1));
        }
    }
}
