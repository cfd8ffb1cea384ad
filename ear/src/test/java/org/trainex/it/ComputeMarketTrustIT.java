package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The compute market's trust holes of issue 11 (items 5, 7 and 9) over the REST API of the deployed EAR:
 * 50 parallel bid POSTs with one {@code Idempotency-Key} make one bid and 50 identical answers, the same key with
 * another body is 422; 50 parallel bids without a key never offer more than the runner's effective capacity;
 * orders, matches, bills, jobs and trained models are readable only by the order's consumer, the providers in its match and
 * admins (404 to anyone else, 403 for a model blob, lists filtered); consumers cannot place unpriced orders; out-of-range numbers are
 * 400 and change nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ComputeMarketTrustIT {
    static String provider;
    static String provider2;
    static String consumer;
    static String consumer2;
    static String admin;
    static String trainId;
    static String testId;
    static final String SUFFIX = Long.toString(System.currentTimeMillis() % 1_000_000);
    static final String CONSUMER_WALLET = TestEnvironment.address(CONSUMER_KEY);
    static final int PARALLEL = 50;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeAll
    static void setUp() throws Exception {
        provider = token("provider");
        provider2 = token("provider2");
        consumer = token("consumer");
        consumer2 = token("consumer2");
        admin = token("admin");
        String contributor = token("contributor");
        stake(provider, "provider", PROVIDER_KEY, "1000000000000000");
        fundConsumer(consumer, "consumer", CONSUMER_KEY, new BigInteger("1000000000000"));
        trainId = registerDataset(contributor, "trust-it train", fashionSubset("train", 31000, 200)).get("id").asText();
        testId = registerDataset(contributor, "trust-it test", fashionSubset("t10k", 7500, 100)).get("id").asText();
    }

    static void register(String id, String region, long capacity) throws Exception {
        RunnerCredentials c = runner("provider", id);
        HttpResponse<String> r = c.call("PUT", "/api/runners/" + id, JSON.createObjectNode()
                .put("provider", "provider").put("region", region).put("hardware", "cpu x2, nd4j-native, 1 thread")
                .put("capacitySamplesPerSecond", capacity).put("measuredOn", "mlp-784-256-10").toString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(capacity, json(r).get("effectiveCapacity").asLong(), r.body());
    }

    /** A registration body; {@code provider} null: the key's provider. */
    static String runnerBody(String provider, double capacity) {
        ObjectNode b = JSON.createObjectNode().put("region", "own-" + SUFFIX).put("hardware", "cpu")
                .put("capacitySamplesPerSecond", capacity);
        if (provider != null) {
            b.put("provider", provider);
        }
        return b.toString();
    }

    /** The images blob of the test dataset (named by no training task). */
    static String testImagesCid() throws Exception {
        return json(call("GET", "/api/datasets/" + testId, admin, null)).get("imagesCid").asText();
    }

    static ObjectNode bid(String runnerId, String price, long capacity) {
        ObjectNode b = JSON.createObjectNode().put("pricePerKiloSampleStepWei", price)
                .put("capacitySamplesPerSecond", capacity)
                .put("validUntil", Instant.now().plusSeconds(3600).toString());
        b.putArray("runnerIds").add(runnerId);
        return b;
    }

    /** A POST with an optional Idempotency-Key. */
    static HttpResponse<String> post(String path, String token, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(EXCHANGE + path)).timeout(Duration.ofMinutes(2))
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@link #PARALLEL} identical POSTs released at once. */
    static List<HttpResponse<String>> parallel(String path, String token, String body, String key) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return post(path, token, body, key);
                }));
            }
            go.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The OPEN bids in the book on {@code runnerId}. */
    static List<JsonNode> openBidsOn(String runnerId) throws Exception {
        List<JsonNode> on = new ArrayList<>();
        for (JsonNode b : json(call("GET", "/api/bids", admin, null))) {
            for (JsonNode r : b.get("runnerIds")) {
                if (r.asText().equals(runnerId)) {
                    on.add(b);
                }
            }
        }
        return on;
    }

    static void assertProblem(HttpResponse<String> r, int status, String detailPart) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                "problem+json expected: " + r.headers().map());
        assertTrue(json(r).get("detail").asText().contains(detailPart), r.body());
    }

    @Test
    void fiftyParallelBidsWithOneIdempotencyKeyMakeOneBid() throws Exception {
        String id = "trust-idem-" + SUFFIX;
        register(id, "idem-" + SUFFIX, 3768);
        String body = bid(id, "12", 1000).toString();
        String key = "bid-" + SUFFIX + "-" + java.util.UUID.randomUUID();
        List<HttpResponse<String>> answers = parallel("/api/bids", provider, body, key);
        HttpResponse<String> first = answers.get(0);
        assertEquals(201, first.statusCode(), first.body());
        for (HttpResponse<String> a : answers) {
            assertEquals(201, a.statusCode(), a.body());
            assertEquals(first.body(), a.body(), "the same answer to every request with the key");
        }
        long replayed = answers.stream().filter(a -> a.headers().firstValue("Idempotency-Replayed")
                .orElse("").equals("true")).count();
        assertEquals(PARALLEL - 1, replayed, "one request executed, the others replayed its answer");
        List<JsonNode> open = openBidsOn(id);
        assertEquals(1, open.size(), open.toString());
        assertEquals(json(first).get("id").asText(), open.get(0).get("id").asText());

        // later, the same key and body: the same answer again; another body: 422 and nothing changes
        HttpResponse<String> again = post("/api/bids", provider, body, key);
        assertEquals(201, again.statusCode());
        assertEquals(first.body(), again.body());
        assertEquals("true", again.headers().firstValue("Idempotency-Replayed").orElse(""));
        assertProblem(post("/api/bids", provider, bid(id, "13", 1000).toString(), key), 422, "another body");
        // the key is the caller's: another provider's request with the same key is its own (here: not its runner)
        assertEquals(400, post("/api/bids", provider2, body, key).statusCode());
        assertProblem(post("/api/bids", provider, body, "k".repeat(256)), 400, "Idempotency-Key");
        assertEquals(1, openBidsOn(id).size());

        // orders are idempotent the same way (a generic filter): one order for two POSTs with one key
        register("trust-idem-o-" + SUFFIX, "idem-o-" + SUFFIX, 800);
        String order = order(400, "1000000", "idem-o-" + SUFFIX).toString();
        String orderKey = "order-" + SUFFIX;
        int before = json(call("GET", "/api/orders", consumer, null)).size();
        HttpResponse<String> o1 = post("/api/orders", consumer, order, orderKey);
        HttpResponse<String> o2 = post("/api/orders", consumer, order, orderKey);
        assertEquals(201, o1.statusCode(), o1.body());
        assertEquals(o1.body(), o2.body());
        assertEquals(o1.headers().firstValue("Location"), o2.headers().firstValue("Location"));
        assertEquals(before + 1, json(call("GET", "/api/orders", consumer, null)).size());
    }

    @Test
    void fiftyParallelBidsNeverOfferMoreThanTheRunnersCapacity() throws Exception {
        String id = "trust-cap-" + SUFFIX;
        register(id, "cap-" + SUFFIX, 3768);
        List<HttpResponse<String>> answers = parallel("/api/bids", provider, bid(id, "11", 1000).toString(), null);
        long created = answers.stream().filter(a -> a.statusCode() == 201).count();
        assertEquals(3, created, "3 x 1,000 samples/s fit in 3,768; a fourth does not");
        for (HttpResponse<String> a : answers) {
            if (a.statusCode() != 201) {
                assertProblem(a, 400, "effective capacity of 3768 samples/s");
            }
        }
        List<JsonNode> open = openBidsOn(id);
        assertEquals(3, open.size(), open.toString());
        long offered = open.stream().mapToLong(b -> b.get("remainingCapacity").asLong()).sum();
        assertEquals(3000, offered);
        HttpResponse<String> tooMuch = post("/api/bids", provider, bid(id, "11", 769).toString(), null);
        assertProblem(tooMuch, 400, "at most 768 samples/s are free");
        assertEquals(201, post("/api/bids", provider, bid(id, "11", 768).toString(), null).statusCode());
        assertEquals(4, openBidsOn(id).size());
        // cancelling a bid frees its capacity
        String cancel = open.get(0).get("id").asText();
        assertEquals(200, call("DELETE", "/api/bids/" + cancel, provider, null).statusCode());
        assertEquals(201, post("/api/bids", provider, bid(id, "11", 1000).toString(), null).statusCode());
    }

    static ObjectNode order(long minCapacity, String maxPrice, String region) {
        ObjectNode o = JSON.createObjectNode().put("trainDatasetId", trainId).put("testDatasetId", testId)
                .put("epochs", 1).put("rounds", 1).put("batchSize", 50).put("minCapacitySamplesPerSecond", minCapacity)
                .put("maxDurationSeconds", 3600).put("maxPriceWei", maxPrice).put("consumerWallet", CONSUMER_WALLET);
        o.putArray("regions").add(region);
        return o;
    }

    /** The status of a blob download ({@code Accept: *}{@code /*}). */
    static int download(String token, String cid) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(EXCHANGE + "/api/blobs/" + cid))
                .header("Authorization", "Bearer " + token).header("Accept", "*/*").GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A runner's download of {@code cid} for {@code task} (null: no task named): the status and the body's text. */
    static HttpResponse<String> download(RunnerCredentials runner, String cid, Object task) throws Exception {
        return runner.download(cid, task);
    }

    static boolean lists(String path, String token, String id) throws Exception {
        for (JsonNode n : json(call("GET", path, token, null))) {
            if (n.get("id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void runnerKeysAreIssuedAndRevokedByTheirProviderOnly() throws Exception {
        String id = "trust-keys-" + SUFFIX;
        RunnerCredentials runner = runnerCredentials("provider", id);
        HttpResponse<String> joined = runner.call("PUT", "/api/runners/" + id, runnerBody(null, 1200));
        assertEquals(200, joined.statusCode(), joined.body());
        assertEquals("provider", json(joined).get("provider").asText(), "the key's provider, not the body's");
        // the runner id is provider's: provider2 can neither take it over nor revoke its key
        assertProblem(post("/api/providers/me/runners/" + id + "/key", provider2, "", null), 403,
                "belongs to another provider");
        assertProblem(call("DELETE", "/api/providers/me/runners/" + id + "/key", provider2, null), 404, id);
        assertProblem(post("/api/providers/me/runners/bad%20id/key", provider, "", null), 400, "runner id");
        assertEquals(403, post("/api/providers/me/runners/x-" + SUFFIX + "/key", consumer, "", null).statusCode(),
                "providers only");
        // the list shows no secret
        HttpResponse<String> mine = call("GET", "/api/providers/me/runners", provider, null);
        assertEquals(200, mine.statusCode());
        assertTrue(mine.body().contains(id) && !mine.body().contains(runner.key()), mine.body());
        // a new key replaces the old one; a revoked key is refused at once
        String second = issueRunnerKey("provider", id);
        assertProblem(runner.call("POST", "/api/runners/" + id + "/heartbeat", "{}"), 401, "unknown or revoked");
        RunnerCredentials renewed = new RunnerCredentials(id, "provider", runner.token(), second);
        assertEquals(204, renewed.call("POST", "/api/runners/" + id + "/heartbeat", "{}").statusCode());
        HttpResponse<String> revoked = call("DELETE", "/api/providers/me/runners/" + id + "/key", provider, null);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertFalse(json(revoked).path("revokedAt").isNull(), revoked.body());
        assertProblem(renewed.call("POST", "/api/runners/" + id + "/heartbeat", "{}"), 401, "unknown or revoked");
        assertProblem(renewed.call("PUT", "/api/runners/" + id, runnerBody(null, 1200)), 401, "unknown or revoked");
    }

    @Test
    void ordersBillsJobsAndMatchesAreReadOnlyByTheirParties() throws Exception {
        String region = "own-" + SUFFIX;
        String id = "trust-own-" + SUFFIX;
        register(id, region, 1000);
        assertEquals(201, post("/api/bids", provider, bid(id, "10", 1000).toString(), null).statusCode());
        HttpResponse<String> placed = post("/api/orders", consumer, order(500, "1000000", region).toString(), null);
        assertEquals(201, placed.statusCode(), placed.body());
        JsonNode o = json(placed);
        String orderId = o.get("id").asText();
        assertNotEquals("AWAITING_BIDS", o.get("state").asText(), o.toString());
        String jobId = o.get("jobId").asText();

        for (String path : new String[] {"/api/orders/" + orderId, "/api/orders/" + orderId + "/match",
            "/api/jobs/" + jobId}) {
            assertEquals(200, call("GET", path, consumer, null).statusCode(), "the consumer reads " + path);
            assertEquals(200, call("GET", path, provider, null).statusCode(), "the matched provider reads " + path);
            assertEquals(200, call("GET", path, admin, null).statusCode(), "an admin reads " + path);
            assertEquals(404, call("GET", path, consumer2, null).statusCode(), "another consumer: " + path);
            assertEquals(404, call("GET", path, provider2, null).statusCode(), "a provider not matched: " + path);
        }
        String bill = "/api/orders/" + orderId + "/bill";
        int billStatus = call("GET", bill, consumer, null).statusCode();
        assertEquals(billStatus, call("GET", bill, admin, null).statusCode());
        assertEquals(billStatus, call("GET", bill, provider, null).statusCode());
        assertEquals(404, call("GET", bill, consumer2, null).statusCode());
        assertEquals(404, call("GET", bill, provider2, null).statusCode());

        assertTrue(lists("/api/orders", consumer, orderId));
        assertTrue(lists("/api/orders", provider, orderId));
        assertTrue(lists("/api/orders", admin, orderId));
        assertFalse(lists("/api/orders", consumer2, orderId));
        assertFalse(lists("/api/orders", provider2, orderId));
        assertTrue(lists("/api/jobs", consumer, jobId));
        assertTrue(lists("/api/jobs", admin, jobId));
        assertFalse(lists("/api/jobs", consumer2, jobId));
        assertFalse(lists("/api/jobs", provider2, jobId));

        // the matched runner trains its chunk (a runner's side of the protocol over the broker): the chunk's model
        // is the order's, readable by its consumer, the matched provider and admins only
        String model;
        java.util.UUID task0;
        String task0Images;
        try (Broker broker = new Broker()) {
            String text = broker.receiveTask(jobId, 30_000);
            assertNotNull(text, "the chunk task of job " + jobId);
            org.trainex.jobs.protocol.TrainTask task = assertInstanceOf(org.trainex.jobs.protocol.TrainTask.class,
                    org.trainex.jobs.protocol.JobCodec.decodeTask(text));
            task0 = task.taskId();
            task0Images = task.data().imagesCid();
            JsonNode chunk = json(call("GET", "/api/jobs/" + jobId, admin, null)).get("chunks").get(0);
            // issue 11 item 6: the runner fetches only what its task names, for that task, as itself
            RunnerCredentials me = runner("provider", id);
            String images = task.data().imagesCid();
            assertEquals(200, download(me, images, task.taskId()).statusCode(), "a blob its task names");
            assertProblem(download(me, images, null), 400, "task");
            assertProblem(download(me, testImagesCid(), task.taskId()), 403, "does not name");
            assertProblem(download(me, images, java.util.UUID.randomUUID()), 403, "never dispatched");
            RunnerCredentials other = runnerCredentials("provider2", "trust-other-" + SUFFIX);
            assertProblem(download(other, images, task.taskId()), 403, "another runner");
            // the shared runner token alone, a made-up key: 401; a runner does not read bills or orders
            assertProblem(new RunnerCredentials(id, "provider", me.token(), null).download(images, task.taskId()), 401,
                    "Trainex-Runner-Key");
            assertProblem(new RunnerCredentials(id, "provider", me.token(), "trk_madeup").download(images,
                    task.taskId()), 401, "unknown or revoked");
            assertEquals(403, me.call("GET", bill, null).statusCode(), "a runner reads no bill");
            assertEquals(403, me.call("GET", "/api/orders/" + orderId, null).statusCode(), "nor an order");
            assertEquals(403, me.call("GET", "/api/jobs/" + jobId, null).statusCode(), "nor a job");
            // it registers only itself, for its own provider, within the claim limit
            assertProblem(me.call("PUT", "/api/runners/" + other.runnerId(), runnerBody("provider", 1000)), 403,
                    "belongs to runner " + id);
            assertProblem(me.call("PUT", "/api/runners/" + id, runnerBody("provider2", 1000)), 403,
                    "issued by provider provider");
            assertProblem(me.call("PUT", "/api/runners/" + id, runnerBody(null, 1e308)), 400,
                    "TRAINEX_RUNNER_MAX_CLAIM");
            JsonNode still = null;
            for (JsonNode r : json(call("GET", "/api/runners", admin, null))) {
                if (r.get("id").asText().equals(id)) {
                    still = r;
                }
            }
            assertNotNull(still, "runner " + id);
            assertEquals("provider", still.get("provider").asText(), "nothing changed: " + still);
            assertEquals(1000.0, still.get("claimedCapacity").asDouble(), "nothing changed: " + still);
            model = me.call("PUT", "/api/blobs/" + org.trainex.jobs.protocol.ContentIds.of(("chunk model of " + jobId)
                    .getBytes()), ("chunk model of " + jobId).getBytes()).statusCode() < 300
                    ? org.trainex.jobs.protocol.ContentIds.of(("chunk model of " + jobId).getBytes()) : null;
            assertNotNull(model, "the runner uploads its model");
            broker.send(org.trainex.jobs.protocol.JobQueues.RESULTS, org.trainex.jobs.protocol.JobCodec.encode(
                    new org.trainex.jobs.protocol.TaskResult(task.taskId(), task.jobId(), id,
                            org.trainex.jobs.protocol.TaskResult.Kind.TRAIN,
                            org.trainex.jobs.protocol.TaskResult.Status.SUCCEEDED, model,
                            chunk.get("samplesTotal").asLong(), 1, 0.5, Double.NaN, 1000.0, 200, null)));
        }
        await(Duration.ofSeconds(30), () -> {
            for (JsonNode c : json(call("GET", "/api/jobs/" + jobId, admin, null)).get("chunks")) {
                if (model.equals(c.path("modelCid").asText())) {
                    return c;
                }
            }
            return null;
        });
        // the result is recorded: the task is finished, its blobs are no longer served for it
        assertProblem(download(runner("provider", id), task0Images, task0), 403, "finished");
        assertEquals(200, download(consumer, model), "the consumer's model");
        assertEquals(200, download(provider, model), "the matched provider");
        assertEquals(200, download(admin, model));
        assertEquals(403, download(consumer2, model), "another consumer");
        assertEquals(403, download(provider2, model), "a provider not matched");
    }

    @Test
    void outOfRangeNumbersAndUnpricedOrdersAreRefusedAndChangeNothing() throws Exception {
        String region = "bounds-" + SUFFIX;
        String id = "trust-bounds-" + SUFFIX;
        register(id, region, 900);
        int orders = json(call("GET", "/api/orders", admin, null)).size();
        int book = json(call("GET", "/api/bids", admin, null)).size();

        // an unpriced order gets free compute: refused for consumers
        assertProblem(post("/api/orders", consumer, JSON.createObjectNode().put("trainDatasetId", trainId)
                .put("testDatasetId", testId).put("epochs", 1).toString(), null), 400, "maxPriceWei");
        // 1 wei leaves nothing for compute after the data fee
        assertProblem(post("/api/orders", consumer, order(500, "1", region).toString(), null), 400, "maxPriceWei");
        // 4294967301 = 2^32 + 5 was stored as 5
        assertProblem(post("/api/orders", consumer, order(500, "1000000", region).put("epochs", 4294967301L)
                .toString(), null), 400, "4294967301");
        assertProblem(post("/api/orders", consumer, order(500, "1000000", region).put("epochs", 1.5).toString(),
                null), 400, "1.5");
        assertProblem(post("/api/orders", consumer, order(500, "1000000", region).put("rounds", 51).toString(),
                null), 400, "rounds");
        assertProblem(post("/api/orders", consumer, order(500, "1000000", region)
                .put("maxDurationSeconds", 100_000_000L).toString(), null), 400, "maxDurationSeconds");
        assertProblem(post("/api/orders", consumer, order(2_000_000_000L, "1000000", region).toString(), null),
                400, "minCapacitySamplesPerSecond");
        assertProblem(post("/api/orders", consumer, order(500, "9".repeat(78), region).toString(), null), 400,
                "maxPriceWei");
        assertProblem(post("/api/orders", consumer, order(500, "1000000", region)
                .put("minCapacitySamplesPerSecond", new java.math.BigDecimal("1e30")).toString(), null), 400,
                "out of range");

        ObjectNode noRunners = bid(id, "10", 100);
        noRunners.putArray("runnerIds");
        assertProblem(post("/api/bids", provider, noRunners.toString(), null), 400, "runnerIds");
        assertProblem(post("/api/bids", provider, bid(id, "0", 100).toString(), null), 400,
                "pricePerKiloSampleStepWei");
        assertProblem(post("/api/bids", provider, bid(id, "10", 0).toString(), null), 400,
                "capacitySamplesPerSecond");
        assertProblem(post("/api/bids", provider, bid(id, "10", 100).put("validUntil",
                Instant.now().plus(Duration.ofDays(400)).toString()).toString(), null), 400, "validUntil");
        assertProblem(post("/api/bids", provider, bid(id, "10", 100).put("capacitySamplesPerSecond",
                new java.math.BigDecimal("9223372036854775808")).toString(), null), 400, "out of range");
        assertProblem(post("/api/providers/me/stake", provider, JSON.createObjectNode()
                .put("wallet", "0x90F79bf6EB2c4f870365E785982E1f101E93b906").put("amountWei", "9".repeat(78))
                .toString(), null), 400, "no longer stakes on a provider's behalf");
        assertProblem(post("/api/admin/dispatch-probes", admin, "{\"chunks\": 4294967297}", null), 400,
                "out of range");

        assertEquals(orders, json(call("GET", "/api/orders", admin, null)).size(), "no order stored");
        assertEquals(book, json(call("GET", "/api/bids", admin, null)).size(), "no bid stored");
    }
}
