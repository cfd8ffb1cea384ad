package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trainex.jobs.protocol.ContentIds;

/**
 * The main job end to end on a small scale: a real gpu-runner process (the built jar) measures its capacity,
 * connects to the server's Artemis broker and REST API with its OIDC client credentials and its own key, is bid by
 * its provider, and trains a matched order (the one life cycle: escrow, one FedAvg round, verification,
 * settlement) of the default MLP for one epoch on a 5,000-image Fashion-MNIST subset, uploads the model, aggregates
 * and evaluates it on 2,000 held-out images; then it serves as the oracle of a data request.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TrainingFlowIT {
    static final String SUFFIX = Long.toString(System.currentTimeMillis() % 1_000_000);
    static final String REGION = "flow-" + SUFFIX;
    static final String RUNNER = "it-runner-1";
    static Process runner;
    static Path runnerLog;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeAll
    static void startRunner() throws Exception {
        awaitKeycloak(); // the runner signs in with its client credentials at start-up
        runnerLog = HOME.resolve("var/test/logs/" + RUNNER + ".log");
        runner = TestEnvironment.startRunner(RUNNER, "provider", REGION, null); // capacity measured at start
    }

    @AfterAll
    static void stopRunner() throws Exception {
        if (runner != null) {
            runner.destroy();
            if (!runner.waitFor(30, TimeUnit.SECONDS)) {
                runner.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aRunnerTrainsAndEvaluatesAMatchedOrder() throws Exception {
        String contributor = token("contributor");
        String consumer = token("consumer");
        String provider = token("provider");
        String admin = token("admin");
        JsonNode train = registerDataset(contributor, "flow-it train 5k", fashionSubset("train", 20000, 5000));
        JsonNode test = registerDataset(contributor, "flow-it test 2k", fashionSubset("t10k", 1000, 2000));
        stake(provider, "provider", PROVIDER_KEY, "1000000000000000");
        fundConsumer(consumer, "consumer", CONSUMER_KEY, new java.math.BigInteger("1000000000000000"));
        // the runner measured its capacity and registered: its provider bids all of it
        JsonNode registered = await(java.time.Duration.ofMinutes(3), () -> {
            for (JsonNode r : json(call("GET", "/api/runners", admin, null))) {
                if (RUNNER.equals(r.get("id").asText()) && "ACTIVE".equals(r.get("state").asText())) {
                    return r;
                }
            }
            assertTrue(runner.isAlive(), () -> "the runner died; its log: " + tail());
            return null;
        });
        assertTrue(registered.get("effectiveCapacity").asLong() > 0, registered.toString());
        com.fasterxml.jackson.databind.node.ObjectNode bid = JSON.createObjectNode()
                .put("pricePerKiloSampleStepWei", "100").put("region", REGION)
                .put("validUntil", java.time.Instant.now().plusSeconds(3600).toString());
        bid.putArray("runnerIds").add(RUNNER);
        HttpResponse<String> b = call("POST", "/api/bids", provider, bid.toString());
        assertEquals(201, b.statusCode(), b.body());
        com.fasterxml.jackson.databind.node.ObjectNode order = JSON.createObjectNode()
                .put("trainDatasetId", train.get("id").asText()).put("testDatasetId", test.get("id").asText())
                .put("epochs", 1).put("rounds", 1).put("batchSize", 128).put("minCapacitySamplesPerSecond", 1)
                .put("maxDurationSeconds", 3600).put("maxPriceWei", "1000000000000000")
                .put("consumerWallet", TestEnvironment.address(CONSUMER_KEY));
        order.putArray("regions").add(REGION);
        HttpResponse<String> r = call("POST", "/api/orders", consumer, order.toString());
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(json(r).hasNonNull("jobId"), "matched at once: " + r.body());
        String jobId = json(r).get("jobId").asText();

        long deadline = System.currentTimeMillis() + 300_000;
        JsonNode job = null;
        boolean sawProgress = false;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(runner.isAlive(), () -> "the runner died; its log: " + tail());
            job = json(call("GET", "/api/jobs/" + jobId, consumer, null));
            for (JsonNode c : job.get("chunks")) {
                sawProgress |= "LEASED".equals(c.get("state").asText()) && c.get("samplesDone").asLong() > 0;
            }
            String state = job.get("state").asText();
            if (state.equals("COMPLETED") || state.equals("FAILED")) {
                break;
            }
            Thread.sleep(500);
        }
        assertNotNull(job);
        assertEquals("COMPLETED", job.get("state").asText(), () -> "job: " + job_(jobId) + "\nrunner log: " + tail());
        JsonNode chunk = job.get("chunks").get(0);
        assertEquals(1, job.get("chunks").size(), "one runner, one chunk: " + job);
        assertEquals(RUNNER, chunk.get("runnerId").asText());
        assertEquals("DONE", chunk.get("state").asText());
        assertTrue(chunk.get("samplesPerSecond").asDouble() > 100, chunk.toString());
        assertEquals(5000, job.get("samplesTrained").asLong());
        assertEquals(1, job.get("epochsTrained").asInt());
        assertEquals(2000, job.get("testSamples").asLong());
        assertTrue(ContentIds.isValid(job.get("modelCid").asText()));
        assertTrue(sawProgress || chunk.get("samplesDone").asLong() == 5000,
                "no progress report reached the exchange while training");
        double accuracy = job.get("testAccuracy").asDouble();
        assertTrue(accuracy > 0.70, "test accuracy after 1 epoch on 5,000 images: " + accuracy);
        // the runner's model blob is stored and addressable by the order's consumer
        assertEquals(200, call("GET", "/api/blobs/" + job.get("modelCid").asText() + "/info", consumer, null)
                .statusCode());
        // the work is verified and the escrow settles: 5,000 sample-steps at 100 wei per 1,000 to the provider
        JsonNode bill = await(java.time.Duration.ofMinutes(3), () -> {
            JsonNode bl = json(call("GET", "/api/orders/" + json(r).get("id").asText() + "/bill", consumer, null));
            return "RELEASED".equals(bl.get("state").asText()) ? bl : null;
        });
        assertTrue(bill.get("balanced").asBoolean(), bill.toString());
        assertEquals(chunk.get("paymentWei").asText(), bill.get("providersWei").asText(),
                "the provider is paid its accepted chunk at the bid's price: " + bill);
        assertTrue(new java.math.BigInteger(bill.get("providersWei").asText()).signum() > 0, bill.toString());
    }

    /** Labels of an IDX labels file permuted with a seeded shuffle (the same histogram, wrong labels). */
    static byte[] shuffledLabels(byte[] labels, long seed) {
        byte[] out = labels.clone();
        java.util.Random random = new java.util.Random(seed);
        for (int i = out.length - 1; i > 8; i--) {
            int j = 8 + random.nextInt(i - 7);
            byte t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    @Test
    void theOracleAcceptsAnHonestShardAndRejectsOneWithShuffledLabels() throws Exception {
        String initiator = token("initiator");
        String contributor = token("contributor");
        JsonNode reference = registerDataset(initiator, "oracle reference 6k", fashionSubset("train", 45000, 6000));
        var request = JSON.createObjectNode().put("title", "Fashion items, curated").put("imageRows", 28)
                .put("imageColumns", 28).put("targetSamples", 10000).put("votingPeriodSeconds", 600)
                .put("deadline", java.time.Instant.now().plusSeconds(3600).toString())
                .put("referenceDatasetId", reference.get("id").asText()).put("oracleThreshold", 0.5);
        var labels = request.putArray("labels");
        for (int l = 0; l < 10; l++) {
            labels.add(l);
        }
        HttpResponse<String> r = call("POST", "/api/data-requests", initiator, request.toString());
        assertEquals(201, r.statusCode(), r.body());
        String requestId = json(r).get("id").asText();

        byte[][] honest = fashionSubset("train", 51000, 1000);
        byte[][] shuffled = fashionSubset("train", 52000, 1000);
        shuffled[1] = shuffledLabels(shuffled[1], 7);
        String honestId = propose(contributor, requestId, honest);
        String shuffledId = propose(contributor, requestId, shuffled);

        JsonNode honestVote = awaitOracle(contributor, requestId, honestId);
        JsonNode shuffledVote = awaitOracle(contributor, requestId, shuffledId);
        System.out.printf("oracle agreement: honest %.3f (%s), shuffled %.3f (%s)%n",
                honestVote.get("oracleAgreement").asDouble(), honestVote.get("oracleVote").asText(),
                shuffledVote.get("oracleAgreement").asDouble(), shuffledVote.get("oracleVote").asText());
        assertEquals("YES", honestVote.get("oracleVote").asText(), honestVote.toString());
        assertTrue(honestVote.get("oracleAgreement").asDouble() > 0.75, honestVote.toString());
        assertEquals("NO", shuffledVote.get("oracleVote").asText(), shuffledVote.toString());
        assertTrue(shuffledVote.get("oracleAgreement").asDouble() < 0.3, shuffledVote.toString());
    }

    private static String propose(String token, String requestId, byte[][] idx) throws Exception {
        HttpResponse<String> r = call("POST", "/api/data-requests/" + requestId + "/proposals", token,
                JSON.createObjectNode().put("contributorWallet", "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65")
                        .put("imagesCid", upload(token, idx[0])).put("labelsCid", upload(token, idx[1]))
                        .put("license", "CC-BY-4.0").toString());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("PENDING", json(r).get("oracleVote").asText(), r.body());
        return json(r).get("id").asText();
    }

    private static JsonNode awaitOracle(String token, String requestId, String proposalId) throws Exception {
        long deadline = System.currentTimeMillis() + 240_000;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(runner.isAlive(), () -> "the runner died; its log: " + tail());
            for (JsonNode p : json(call("GET", "/api/data-requests/" + requestId + "/proposals", token, null))) {
                if (p.get("id").asText().equals(proposalId) && !p.get("oracleVote").asText().equals("PENDING")) {
                    return p;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the oracle did not vote on " + proposalId + "; runner log: " + tail());
    }

    private static String job_(String id) {
        try {
            return call("GET", "/api/jobs/" + id, token("admin"), null).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(runnerLog);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
