package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.trainex.jobs.protocol.AggregateTask;
import org.trainex.jobs.protocol.EvaluateTask;
import org.trainex.jobs.protocol.JobCodec;
import org.trainex.jobs.protocol.JobQueues;
import org.trainex.jobs.protocol.Task;
import org.trainex.jobs.protocol.TaskProgress;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.jobs.protocol.TrainTask;

/**
 * The exchange's side of the job protocol over the real Artemis broker, with this test playing the runner of a
 * matched order (the one life cycle, issue 12 item 4): the order dispatches one training chunk to the runner;
 * progress is recorded; a duplicated training result dispatches exactly one aggregation; a duplicated evaluation
 * result changes nothing; malformed messages are dropped; a result naming a model that was never uploaded is not
 * accepted and the slot is tried again; runners can neither send nor read domain events.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JobProtocolIT {
    static final String SUFFIX = Long.toString(System.currentTimeMillis() % 1_000_000);
    static final String REGION = "protocol-" + SUFFIX;
    static final String CONSUMER_WALLET = TestEnvironment.address(CONSUMER_KEY);
    static String contributor;
    static String consumer;
    static String provider;
    static String trainId;
    static String testId;

    @ArquillianResource
    ManagementClient management;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeAll
    static void setUp() throws Exception {
        contributor = token("contributor");
        consumer = token("consumer");
        provider = token("provider");
        stake(provider, "provider", PROVIDER_KEY, "1000000000000000");
        fundConsumer(consumer, "consumer", CONSUMER_KEY, new BigInteger("10000000000000"));
        trainId = registerDataset(contributor, "protocol-it train", fashionSubset("train", 10000, 400))
                .get("id").asText();
        testId = registerDataset(contributor, "protocol-it test", fashionSubset("t10k", 6000, 200)).get("id").asText();
    }

    /**
     * Registers runner {@code id} of the provider in {@code region} (1,000 samples/s claimed), bids its whole
     * capacity, and keeps it alive with a heartbeat every 2 s until the returned executor is shut down.
     */
    static ScheduledExecutorService registerAndBid(String id, String region) throws Exception {
        RunnerCredentials r = runner("provider", id);
        HttpResponse<String> reg = r.call("PUT", "/api/runners/" + id, JSON.createObjectNode()
                .put("provider", "provider").put("region", region).put("hardware", "cpu x2, nd4j-native, 1 thread")
                .put("capacitySamplesPerSecond", 1000).put("measuredOn", "mlp-784-256-10").toString());
        assertEquals(200, reg.statusCode(), reg.body());
        ObjectNode bid = JSON.createObjectNode().put("pricePerKiloSampleStepWei", "10").put("region", region)
                .put("validUntil", Instant.now().plusSeconds(3600).toString());
        bid.putArray("runnerIds").add(id);
        HttpResponse<String> b = call("POST", "/api/bids", provider, bid.toString());
        assertEquals(201, b.statusCode(), b.body());
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        beats.scheduleWithFixedDelay(() -> {
            try {
                r.call("POST", "/api/runners/" + id + "/heartbeat", "{\"busy\":false}");
            } catch (Exception e) {
                // the next beat tries again
            }
        }, 0, 2, TimeUnit.SECONDS);
        return beats;
    }

    /** A priced order in {@code region} (this test's runner only), one round of 3 local epochs. */
    static JsonNode placeOrder(String region) throws Exception {
        ObjectNode o = JSON.createObjectNode().put("trainDatasetId", trainId).put("testDatasetId", testId)
                .put("epochs", 3).put("rounds", 1).put("batchSize", 50).put("minCapacitySamplesPerSecond", 100)
                .put("maxDurationSeconds", 3600).put("maxPriceWei", "1000000000000")
                .put("consumerWallet", CONSUMER_WALLET);
        o.putArray("regions").add(region);
        HttpResponse<String> r = call("POST", "/api/orders", consumer, o.toString());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode order = json(r);
        assertTrue(order.hasNonNull("jobId"), "the order matched the test runner's bid: " + order);
        return order;
    }

    static JsonNode job(String id) throws Exception {
        return json(call("GET", "/api/jobs/" + id, consumer, null));
    }

    /** Polls until the job is in {@code state} (up to 2 minutes: CI runs on a loaded 2-core machine). */
    static JsonNode awaitState(String jobId, String state) throws Exception {
        JsonNode[] last = {null};
        try {
            return await(java.time.Duration.ofMinutes(2), () -> {
                last[0] = job(jobId);
                return last[0].get("state").asText().equals(state) ? last[0] : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError("job " + jobId + " not " + state + ": " + last[0], e);
        }
    }

    /** Uploads {@code what} as a blob of runner {@code id}; returns its content id. */
    static String upload(String id, String what) throws Exception {
        byte[] weights = what.getBytes();
        String cid = org.trainex.jobs.protocol.ContentIds.of(weights);
        assertEquals(201, runner("provider", id).call("PUT", "/api/blobs/" + cid, weights).statusCode(),
                "the runner's upload");
        return cid;
    }

    @Test
    void resultsAreRecordedExactlyOnce() throws Exception {
        String runnerId = "protocol-a-" + SUFFIX;
        ScheduledExecutorService beats = registerAndBid(runnerId, REGION + "-" + runnerId);
        try (Broker broker = new Broker()) {
            JsonNode order = placeOrder(REGION + "-" + runnerId);
            String jobId = order.get("jobId").asText();
            TrainTask train = assertInstanceOf(TrainTask.class, JobCodec.decodeTask(broker.receiveTask(jobId, 60_000)));
            assertEquals(3, train.epochs());
            assertEquals(50, train.batchSize());
            assertEquals(400, train.sampleCount(), "one runner: one chunk of the whole dataset");
            assertTrue(train.modelConfigJson().contains("\"nIn\" : 784") || train.modelConfigJson().contains("784"),
                    "the default model configuration is the MLP 784-256-10");

            broker.send(JobQueues.PROGRESS, JobCodec.encode(new TaskProgress(train.taskId(), train.jobId(), runnerId,
                    2, 3, 600, 1200, 0.8, 1234.0, 1, System.currentTimeMillis())));
            JsonNode training = await(java.time.Duration.ofMinutes(2), () -> {
                JsonNode j = job(jobId);
                return j.get("chunks").size() == 1 && j.get("chunks").get(0).get("samplesDone").asLong() == 600 ? j
                        : null;
            });
            assertEquals("TRAINING", training.get("state").asText());
            assertEquals(1234.0, training.get("chunks").get(0).get("samplesPerSecond").asDouble());

            String model = upload(runnerId, "chunk model of " + jobId);
            ServerQueues queues = new ServerQueues(management);
            long addedBefore = queues.added(JobQueues.RESULTS);
            TaskResult trained = new TaskResult(train.taskId(), train.jobId(), runnerId, TaskResult.Kind.TRAIN,
                    TaskResult.Status.SUCCEEDED, model, 1200, 3, 0.5, Double.NaN, 1000.0, 1200, null);
            broker.send(JobQueues.RESULTS, JobCodec.encode(trained));
            broker.send(JobQueues.RESULTS, JobCodec.encode(trained));
            broker.send(JobQueues.RESULTS, "{this is not a result");

            AggregateTask aggregate = assertInstanceOf(AggregateTask.class,
                    JobCodec.decodeTask(broker.receiveTask(jobId, 60_000)));
            assertEquals(1, aggregate.models().size());
            assertEquals(model, aggregate.models().get(0).modelCid());
            // proof that all three (result, duplicate, garbage) were processed and their transactions committed:
            // a second aggregation would now be in the dispatch queue already
            queues.awaitProcessed(JobQueues.RESULTS, addedBefore, 3, java.time.Duration.ofMinutes(2));
            assertNull(broker.receiveTask(jobId, 1_000), "the duplicate training result dispatched a second task");
            JsonNode chunk = job(jobId).get("chunks").get(0);
            assertEquals("DONE", chunk.get("state").asText());
            assertEquals("12", chunk.get("paymentWei").asText(), "1,200 sample-steps at 10 wei per 1,000, once");

            String global = upload(runnerId, "global model of " + jobId);
            broker.send(JobQueues.RESULTS, JobCodec.encode(new TaskResult(aggregate.taskId(), aggregate.jobId(), runnerId,
                    TaskResult.Kind.AGGREGATE, TaskResult.Status.SUCCEEDED, global, 400, 0, Double.NaN, Double.NaN,
                    0.0, 5, null)));
            EvaluateTask eval = assertInstanceOf(EvaluateTask.class,
                    JobCodec.decodeTask(broker.receiveTask(jobId, 60_000)));
            assertEquals(global, eval.modelCid());
            assertEquals(200, eval.data().sampleCount(), "evaluation runs on the held-out dataset");
            assertEquals("EVALUATING", awaitState(jobId, "EVALUATING").get("state").asText());

            TaskResult evaluated = new TaskResult(eval.taskId(), eval.jobId(), runnerId, TaskResult.Kind.EVALUATE,
                    TaskResult.Status.SUCCEEDED, global, 200, 0, 0.45, 0.9, 5000.0, 40, null);
            broker.send(JobQueues.RESULTS, JobCodec.encode(evaluated));
            JsonNode done = awaitState(jobId, "COMPLETED");
            long beforeReplays = queues.added(JobQueues.RESULTS);
            broker.send(JobQueues.RESULTS, JobCodec.encode(new TaskResult(eval.taskId(), eval.jobId(), runnerId,
                    TaskResult.Kind.EVALUATE, TaskResult.Status.SUCCEEDED, global, 200, 0, 2.0, 0.1, 1.0, 1, null)));
            broker.send(JobQueues.RESULTS, JobCodec.encode(new TaskResult(UUID.randomUUID(), eval.jobId(), "stranger",
                    TaskResult.Kind.EVALUATE, TaskResult.Status.SUCCEEDED, global, 200, 0, 2.0, 0.2, 1.0, 1, null)));
            // wait for proof that both were processed (consumed and acknowledged after their transactions)
            queues.awaitProcessed(JobQueues.RESULTS, beforeReplays, 2, java.time.Duration.ofMinutes(2));
            JsonNode after = job(jobId);
            assertEquals(done, after, "duplicate and stale results changed the completed job");
            assertEquals(0.9, after.get("testAccuracy").asDouble());
            assertEquals(global, after.get("modelCid").asText());
            assertEquals("COMPLETED", json(call("GET", "/api/orders/" + order.get("id").asText(), consumer, null))
                    .get("state").asText());
        } finally {
            beats.shutdownNow();
        }
    }

    @Test
    void aResultNamingAModelThatWasNeverUploadedIsNotAcceptedAndTheSlotIsTriedAgain() throws Exception {
        String runnerId = "protocol-b-" + SUFFIX;
        ScheduledExecutorService beats = registerAndBid(runnerId, REGION + "-" + runnerId);
        try (Broker broker = new Broker()) {
            JsonNode order = placeOrder(REGION + "-" + runnerId);
            String jobId = order.get("jobId").asText();
            TrainTask train = (TrainTask) JobCodec.decodeTask(broker.receiveTask(jobId, 60_000));
            String phantom = org.trainex.jobs.protocol.ContentIds.of(("never uploaded " + jobId).getBytes());
            broker.send(JobQueues.RESULTS, JobCodec.encode(new TaskResult(train.taskId(), train.jobId(), runnerId,
                    TaskResult.Kind.TRAIN, TaskResult.Status.SUCCEEDED, phantom, 1200, 3, 0.5, Double.NaN, 1.0, 1,
                    null)));
            // the slot's second attempt goes out (to the only live matched runner, once its first attempt failed)
            TrainTask again = assertInstanceOf(TrainTask.class, JobCodec.decodeTask(broker.receiveTask(jobId, 60_000)));
            assertNotEquals(train.taskId(), again.taskId(), "a new attempt has a new task id");
            JsonNode job = job(jobId);
            assertEquals("TRAINING", job.get("state").asText());
            JsonNode first = null;
            for (JsonNode c : job.get("chunks")) {
                if (c.get("taskId").asText().equals(train.taskId().toString())) {
                    first = c;
                }
            }
            assertNotNull(first, job.toString());
            assertEquals("FAILED", first.get("state").asText(), "the phantom model is not accepted: " + first);
            assertFalse(first.hasNonNull("paymentWei"), "nothing is paid for it: " + first);
        } finally {
            beats.shutdownNow();
        }
    }

    /**
     * The domain events queue is the exchange's own (ADR 0013): a runner, logged in to the broker as runners are,
     * can neither forge an event (e.g. a WorkVerified that would release escrow) nor read or steal one.
     */
    @Test
    void aRunnerCanNeitherSendNorReadDomainEvents() throws Exception {
        String forged = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"jobId\":\"" + UUID.randomUUID()
                + "\",\"orderId\":\"" + UUID.randomUUID() + "\",\"jobSucceeded\":true,\"tier\":\"none\"}";
        try (Broker broker = new Broker()) {
            jakarta.jms.JMSException sent = assertThrows(jakarta.jms.JMSException.class,
                    () -> broker.send(org.trainex.shared.api.DomainEvents.QUEUE, forged));
            assertTrue(sent instanceof jakarta.jms.JMSSecurityException
                    || String.valueOf(sent.getMessage()).contains("AMQ229032"), "refused for lack of permission: "
                    + sent);
        }
        try (Broker broker = new Broker()) {
            jakarta.jms.JMSException read = assertThrows(jakarta.jms.JMSException.class,
                    () -> broker.session.createConsumer(broker.session.createQueue(
                            org.trainex.shared.api.DomainEvents.QUEUE)).receive(1_000));
            assertTrue(read instanceof jakarta.jms.JMSSecurityException
                    || String.valueOf(read.getMessage()).contains("AMQ229032"), "refused for lack of permission: "
                    + read);
        }
    }
}
