package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trainex.jobs.protocol.EvaluateTask;
import org.trainex.jobs.protocol.JobCodec;
import org.trainex.jobs.protocol.JobQueues;
import org.trainex.jobs.protocol.Task;
import org.trainex.jobs.protocol.TaskProgress;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.jobs.protocol.TrainTask;

/**
 * The exchange's side of the job protocol over the real Artemis broker, with this test playing the runner: a
 * placed order dispatches one training task; progress is recorded; a duplicated training result dispatches
 * exactly one evaluation; a duplicated evaluation result changes nothing; malformed messages are dropped; a
 * result naming a model that was never uploaded fails the job.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JobProtocolIT {
    static String contributor;
    static String consumer;
    static RunnerCredentials runner;
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
        // unpriced orders (the exchange's own capacity, no escrow) are admin-only (issue 11 item 7)
        consumer = token("admin");
        runner = runnerCredentials("provider", "it-runner");
        trainId = registerDataset(contributor, "protocol-it train", fashionSubset("train", 10000, 400))
                .get("id").asText();
        testId = registerDataset(contributor, "protocol-it test", fashionSubset("t10k", 6000, 200)).get("id").asText();
    }

    static String runnerToken() throws Exception {
        return TestEnvironment.runnerToken();
    }

    static JsonNode placeOrder() throws Exception {
        HttpResponse<String> r = call("POST", "/api/orders", consumer, JSON.createObjectNode()
                .put("trainDatasetId", trainId).put("testDatasetId", testId).put("epochs", 3).put("batchSize", 50)
                .toString());
        assertEquals(201, r.statusCode(), r.body());
        return json(r);
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

    @Test
    void resultsAreRecordedExactlyOnce() throws Exception {
        JsonNode order = placeOrder();
        String jobId = order.get("jobId").asText();
        try (Broker broker = new Broker()) {
            Task task = JobCodec.decodeTask(broker.receiveTask(jobId, 60_000));
            TrainTask train = assertInstanceOf(TrainTask.class, task);
            assertEquals(3, train.epochs());
            assertEquals(50, train.batchSize());
            assertEquals(400, train.data().sampleCount());
            assertTrue(train.modelConfigJson().contains("\"nIn\" : 784") || train.modelConfigJson().contains("784"),
                    "the default model configuration is the MLP 784-256-10");

            broker.send(JobQueues.PROGRESS, JobCodec.encode(new TaskProgress(train.taskId(), train.jobId(), "it-runner",
                    2, 3, 600, 1200, 0.8, 1234.0, 1, System.currentTimeMillis())));
            JsonNode training = awaitState(jobId, "TRAINING");
            assertEquals(0.5, training.get("progressFraction").asDouble(), 1e-9);
            assertEquals(1234.0, training.get("progressSamplesPerSecond").asDouble());

            byte[] weights = ("model weights of " + jobId).getBytes();
            String model = org.trainex.jobs.protocol.ContentIds.of(weights);
            assertEquals(201, runner.call("PUT", "/api/blobs/" + model, weights).statusCode(), "the runner's upload");
            ServerQueues queues = new ServerQueues(management);
            long addedBefore = queues.added(JobQueues.RESULTS);
            TaskResult trained = new TaskResult(train.taskId(), train.jobId(), "it-runner", TaskResult.Kind.TRAIN,
                    TaskResult.Status.SUCCEEDED, model, 1200, 3, 0.5, Double.NaN, 1000.0, 1200, null);
            broker.send(JobQueues.RESULTS, JobCodec.encode(trained));
            broker.send(JobQueues.RESULTS, JobCodec.encode(trained));
            broker.send(JobQueues.RESULTS, "{this is not a result");

            EvaluateTask eval = assertInstanceOf(EvaluateTask.class,
                    JobCodec.decodeTask(broker.receiveTask(jobId, 60_000)));
            assertEquals(model, eval.modelCid());
            assertEquals(200, eval.data().sampleCount(), "evaluation runs on the held-out dataset");
            // proof that all three (result, duplicate, garbage) were processed and their transactions committed:
            // a second evaluation would now be in the dispatch queue already
            queues.awaitProcessed(JobQueues.RESULTS, addedBefore, 3, java.time.Duration.ofMinutes(2));
            assertNull(broker.receiveTask(jobId, 1_000), "the duplicate training result dispatched a second evaluation");
            assertEquals("EVALUATING", job(jobId).get("state").asText());

            TaskResult evaluated = new TaskResult(eval.taskId(), eval.jobId(), "it-runner", TaskResult.Kind.EVALUATE,
                    TaskResult.Status.SUCCEEDED, model, 200, 0, 0.45, 0.9, 5000.0, 40, null);
            broker.send(JobQueues.RESULTS, JobCodec.encode(evaluated));
            JsonNode done = awaitState(jobId, "COMPLETED");
            long beforeReplays = queues.added(JobQueues.RESULTS);
            broker.send(JobQueues.RESULTS, JobCodec.encode(new TaskResult(eval.taskId(), eval.jobId(), "it-runner",
                    TaskResult.Kind.EVALUATE, TaskResult.Status.SUCCEEDED, model, 200, 0, 2.0, 0.1, 1.0, 1, null)));
            broker.send(JobQueues.RESULTS, JobCodec.encode(new TaskResult(UUID.randomUUID(), eval.jobId(), "stranger",
                    TaskResult.Kind.EVALUATE, TaskResult.Status.SUCCEEDED, model, 200, 0, 2.0, 0.2, 1.0, 1, null)));
            // wait for proof that both were processed (consumed and acknowledged after their transactions)
            queues.awaitProcessed(JobQueues.RESULTS, beforeReplays, 2, java.time.Duration.ofMinutes(2));
            JsonNode after = job(jobId);
            assertEquals(done, after, "duplicate and stale results changed the completed job");
            assertEquals(0.9, after.get("testAccuracy").asDouble());
            assertEquals(model, after.get("modelCid").asText());
            assertEquals("COMPLETED", json(call("GET", "/api/orders/" + order.get("id").asText(), consumer, null))
                    .get("state").asText());
        }
    }

    @Test
    void aResultNamingAModelThatWasNeverUploadedFailsTheJob() throws Exception {
        JsonNode order = placeOrder();
        String jobId = order.get("jobId").asText();
        try (Broker broker = new Broker()) {
            TrainTask train = (TrainTask) JobCodec.decodeTask(broker.receiveTask(jobId, 60_000));
            String phantom = org.trainex.jobs.protocol.ContentIds.of(("never uploaded " + jobId).getBytes());
            broker.send(JobQueues.RESULTS, JobCodec.encode(new TaskResult(train.taskId(), train.jobId(), "liar",
                    TaskResult.Kind.TRAIN, TaskResult.Status.SUCCEEDED, phantom, 1200, 3, 0.5, Double.NaN, 1.0, 1,
                    null)));
            JsonNode failed = awaitState(jobId, "FAILED");
            assertTrue(failed.get("failure").asText().contains("never uploaded"), failed.toString());
            // FAILED and any dispatch commit in one transaction: once FAILED is visible, a task would be queued
            assertNull(broker.receiveTask(jobId, 1_000), "a failed job dispatched an evaluation");
            assertEquals("FAILED", json(call("GET", "/api/orders/" + order.get("id").asText(), consumer, null))
                    .get("state").asText());
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
