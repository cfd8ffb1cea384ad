package org.trainex.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainex.jobs.protocol.AggregateTask;
import org.trainex.jobs.protocol.ClassifyTask;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.jobs.protocol.EvaluateTask;
import org.trainex.jobs.protocol.JobCodec;
import org.trainex.jobs.protocol.JobQueues;
import org.trainex.jobs.protocol.NoopTask;
import org.trainex.jobs.protocol.RunnerAuth;
import org.trainex.jobs.protocol.Task;
import org.trainex.jobs.protocol.TaskProgress;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.jobs.protocol.TrainTask;
import org.trainex.runner.messaging.BrokerConnector;
import org.trainex.runner.messaging.BrokerException;
import org.trainex.runner.blobs.BlobException;
import org.trainex.runner.blobs.BlobStore;
import org.trainex.runner.messaging.TaskLoop;
import org.trainex.runner.models.ReferenceModels;
import org.trainex.runner.training.TaskExecutor;

/**
 * The packaged runner ({@code target/gpu-runner.jar}, started as a child process with OMP_NUM_THREADS=1)
 * against a real embedded Artemis broker laid out like WildFly's (anycast queues at addresses
 * {@code jms.queue.<Name>}, user/password security) and a fake exchange (JDK HttpServer: OIDC token endpoint
 * and blob store), on real Fashion-MNIST data.
 *
 * <p>The test talks to the broker like the exchange would, with full address names and without 1.x prefixes, so
 * it checks independently that the runner's plain queue names resolve to {@code jms.queue.*}. Auto-creation is
 * on: without {@code enable1xPrefixes} the Artemis client would auto-create and consume an unprefixed
 * {@code TaskDispatch} queue (with auto-creation off it falls back to the prefixed name by itself, which would
 * hide the mistake). Verified by a negative control: with the prefixes switched off, this test fails.
 *
 * <p>Runner identity (issue 11 item 6): the fake exchange accepts only requests that carry the runner key
 * ({@code TRAINEX_RUNNER_KEY} in the runner's environment) and records which task each blob download names; the
 * tests check that every download names a task that names the blob ({@link RunnerAuth#contentIds}), and a runner
 * started with a revoked key logs it once, rolls its task back and exits 4.
 *
 * <p>The runner also registers with the fake exchange ({@code PUT /trainex/api/runners/it-runner}: capacity measured
 * by the probe in the first test, declared with {@code --capacity} in the others) and sends heartbeats; one test
 * runs against an exchange without that endpoint (404: warnings only).
 *
 * <p>Targeted dispatch and no prefetch: the packaged runner skips a task targeted at another runner and takes
 * one targeted at it and an untargeted one (FedAvg aggregations of models uploaded to the fake exchange);
 * in-process {@link TaskLoop}s, whose tasks block in a gated blob store for as long as the test wants them busy,
 * show with the broker's delivering count that a busy runner holds no second task while another runner takes
 * one (with a negative control: a consumer with Artemis' default window prefetches everything), and that a
 * runner id with a quote selects its own tasks.
 *
 * <p>Broker restarts: the embedded broker is stopped and started again on the same port with the same instance
 * directory while a runner waits; the same runner process reconnects (its heartbeats going on meanwhile) and
 * executes a task dispatched afterwards; with the journal on, a task in hand when the broker (and the exchange)
 * went down is redelivered after the restart and answered once. {@code --reconnect-seconds} 0 and 3 and rejected
 * credentials after the restart end runners with exit code 3, and SIGTERM stops a reconnecting runner at once.
 */
class RunnerIT {
    static final String RUNNER_USER = "runner";
    static final String RUNNER_PASSWORD = "it-runner-password";
    static final String CLIENT_ID = "trainex-runner";
    static final String CLIENT_SECRET = "it-client-secret";
    static final String RUNNER_KEY = "rk_it-runner-key-0123456789";
    static final Duration RESULT_TIMEOUT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();

    static FakeExchange exchange;
    static DatasetRef train;
    static DatasetRef test;

    EmbeddedActiveMQ broker;
    final List<Process> runners = new ArrayList<>();
    int brokerPort;
    /** Whether {@link #startBroker()} keeps a journal (in {@link #tmp}/broker/data/journal), as WildFly does. */
    boolean persistent;
    /** The runner user's password on the broker that {@link #startBroker()} starts. */
    String runnerPassword = RUNNER_PASSWORD;
    Connection connection;
    Session session;
    @TempDir
    Path tmp;

    @BeforeAll
    static void startExchange() throws Exception {
        Path dir = Path.of(System.getProperty("fashion.mnist.dir", "/usr/share/datasets/fashion-mnist"));
        assertTrue(Files.isDirectory(dir), "Fashion-MNIST is required (apt-get install dataset-fashion-mnist): " + dir);
        exchange = new FakeExchange(CLIENT_ID, CLIENT_SECRET, RUNNER_KEY);
        train = new DatasetRef(exchange.add(Files.readAllBytes(dir.resolve("train-images-idx3-ubyte.gz"))),
                exchange.add(Files.readAllBytes(dir.resolve("train-labels-idx1-ubyte.gz"))), 60_000, 28, 28, 10);
        test = new DatasetRef(exchange.add(Files.readAllBytes(dir.resolve("t10k-images-idx3-ubyte.gz"))),
                exchange.add(Files.readAllBytes(dir.resolve("t10k-labels-idx1-ubyte.gz"))), 10_000, 28, 28, 10);
    }

    @AfterAll
    static void stopExchange() {
        exchange.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        exchange.runnerRequests.clear();
        exchange.downloads.clear();
        exchange.keyRejections.set(0);
        exchange.runnersEndpoint = true;
        try (ServerSocket s = new ServerSocket(0)) {
            brokerPort = s.getLocalPort();
        }
        startBroker();
        connectClient();
    }

    /**
     * Starts the embedded broker on {@link #brokerPort} with its instance directory in {@link #tmp}: called again
     * after {@link #stopBroker()}, it is the same broker restarted (same port, same directory).
     */
    void startBroker() throws Exception {
        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(persistent)
                .setSecurityEnabled(true)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("netty", "tcp://127.0.0.1:" + brokerPort);
        config.setBrokerInstance(tmp.resolve("broker").toFile());
        // Auto-creation on and allowed (Artemis' defaults): a client that forgot the 1.x prefixes would then
        // silently consume from a new address "TaskDispatch" instead of failing (checked below).
        config.addAddressSetting("#", new AddressSettings()
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true)
                .setMaxDeliveryAttempts(10)
                .setDeadLetterAddress(SimpleString.of(address(JobQueues.DEAD_LETTER))));
        for (String q : List.of(JobQueues.DISPATCH, JobQueues.RESULTS, JobQueues.PROGRESS, JobQueues.DEAD_LETTER)) {
            config.addQueueConfiguration(QueueConfiguration.of(address(q)).setAddress(address(q))
                    .setRoutingType(RoutingType.ANYCAST));
        }
        // send, consume, create queues and addresses, browse; no deletion, no management
        config.putSecurityRoles("#", Set.of(new Role("task-user", true, true, true, false, true, false, false, true,
                true, false, false, false)));
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(RUNNER_USER, runnerPassword);
        users.addRole(RUNNER_USER, "task-user");
        users.addUser("exchange", "exchange-password");
        users.addRole("exchange", "task-user");
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        broker.start();
    }

    /** Stops the embedded broker: the runners' connections drop as when the exchange's WildFly goes down. */
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    /** Connects the test's own client (the exchange's side) to the broker. */
    void connectClient() throws Exception {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
        connection = cf.createConnection("exchange", "exchange-password");
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        connection.start();
    }

    void closeClient() {
        try {
            connection.close();
        } catch (Exception e) {
            // the broker is already gone
        }
    }

    @AfterEach
    void tearDown(TestInfo info) throws Exception {
        for (Process p : runners) {  // a failed test must not leave runner processes behind
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        closeClient();
        stopBroker();
        String test = info.getTestMethod().map(m -> m.getName()).orElse("test");
        try (var logs = Files.list(tmp)) {  // keep the runners' logs for reading: target/runner-it-<test>[-x].log
            for (Path log : logs.filter(f -> f.getFileName().toString().matches("runner(-.+)?\\.log")).toList()) {
                Files.copy(log, Path.of("target", log.getFileName().toString().replace("runner", "runner-it-" + test)),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static String address(String queue) {
        return JobQueues.ARTEMIS_ADDRESS_PREFIX + queue;
    }

    Queue serverQueue(String name) {
        return broker.getActiveMQServer().locateQueue(SimpleString.of(name));
    }

    /** Sends a task to the dispatch queue as the exchange does, targeted at {@code runner} unless null. */
    void dispatch(Task task, String runner) throws Exception {
        try (MessageProducer p = session.createProducer(session.createQueue(address(JobQueues.DISPATCH)))) {
            TextMessage m = session.createTextMessage(JobCodec.encode(task));
            if (runner != null) {
                m.setStringProperty(JobQueues.TARGET_RUNNER_PROPERTY, runner);
            }
            p.send(m);
        }
    }

    void send(String queue, String text) throws Exception {
        try (MessageProducer p = session.createProducer(session.createQueue(address(queue)))) {
            p.send(session.createTextMessage(text));
        }
    }

    TaskResult nextResult(MessageConsumer results, Process runner) throws Exception {
        TextMessage m = (TextMessage) results.receive(RESULT_TIMEOUT.toMillis());
        if (m == null) {
            fail("no result within " + RESULT_TIMEOUT + "; runner alive=" + runner.isAlive() + "; log:\n" + log());
        }
        TaskResult result = JobCodec.decodeResult(m.getText());
        assertEquals(result.taskId().toString(), m.getStringProperty(JobQueues.TASK_ID_PROPERTY));
        assertEquals(result.status().name(), m.getStringProperty(JobQueues.STATUS_PROPERTY));
        assertEquals(result.kind().name(), m.getStringProperty(JobQueues.KIND_PROPERTY));
        return result;
    }

    Path logFile() {
        return tmp.resolve("runner.log");
    }

    String log() {
        return log(logFile());
    }

    static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Every blob the fake exchange served since {@link #setUp()} was downloaded for a task of {@code tasks} that names
     * it (the exchange's rule, {@link RunnerAuth#contentIds}); at least one download happened.
     */
    static void assertDownloadsNameTheirTasks(Task... tasks) {
        Map<String, Task> byId = new java.util.HashMap<>();
        for (Task t : tasks) {
            byId.put(t.taskId().toString(), t);
        }
        List<FakeExchange.Download> downloads = List.copyOf(exchange.downloads);
        assertFalse(downloads.isEmpty(), "no blob was downloaded");
        for (FakeExchange.Download d : downloads) {
            Task t = byId.get(d.task());
            assertNotNull(t, "download of " + d.contentId() + " names no task of this test: " + d.task());
            assertTrue(RunnerAuth.contentIds(t).contains(d.contentId()), d + " is not named by " + t);
        }
        assertEquals(0, exchange.keyRejections.get(), "the runner key went with every request");
    }

    /** Waits until the log contains {@code text}; fails with the log if the runner ends first or time runs out. */
    static void awaitLog(Path file, Process runner, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean alive = runner.isAlive();  // before reading: a runner may log the text and then exit
            if (log(file).contains(text)) {
                return;
            }
            if (!alive || System.nanoTime() > deadline) {
                fail("no '" + text + "' in the log within " + timeout + "; runner alive=" + alive + "; log:\n"
                        + log(file));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Starts {@code java -jar target/gpu-runner.jar run ...} with OMP_NUM_THREADS=1; secrets (the runner key
     * {@link #RUNNER_KEY} too) via environment.
     */
    Process startRunner(String brokerPassword, String... extra) throws IOException {
        return startRunner(logFile(), brokerPassword, extra);
    }

    /** The same, logging to {@code log} (appended). */
    Process startRunner(Path log, String brokerPassword, String... extra) throws IOException {
        String jar = System.getProperty("runner.jar", "target/gpu-runner.jar");
        assertTrue(Files.exists(Path.of(jar)), "build the runner first (mvn package): " + jar);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-jar", jar, "run",
                "--broker", "tcp://127.0.0.1:" + brokerPort,
                "--broker-user", RUNNER_USER,
                "--exchange", exchange.exchangeUrl().toString(),
                "--token-url", exchange.tokenUrl().toString(),
                "--client-id", CLIENT_ID,
                "--runner-id", "it-runner",
                "--cache-dir", tmp.resolve("cache").toString()));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("OMP_NUM_THREADS", "1");
        env.put("TRAINEX_BROKER_PASSWORD", brokerPassword);
        env.put("TRAINEX_RUNNER_CLIENT_SECRET", CLIENT_SECRET);
        env.put("TRAINEX_RUNNER_KEY", RUNNER_KEY);
        Process p = pb.start();
        runners.add(p);
        return p;
    }

    @Test
    void trainsEvaluatesReportsProgressAndSkipsBadMessages() throws Exception {
        UUID job = UUID.randomUUID();
        // 1. garbage that can never be a task
        send(JobQueues.DISPATCH, "this is not a task");
        try (MessageProducer p = session.createProducer(session.createQueue(address(JobQueues.DISPATCH)))) {
            BytesMessage bytes = session.createBytesMessage();
            bytes.writeBytes(new byte[] {1, 2, 3});
            p.send(bytes);
        }
        // 2. a task whose model configuration cannot be parsed
        TrainTask bad = new TrainTask(UUID.randomUUID(), job, "{\"confs\": not json", null, train, 0, 5_000, 1, 64, 42);
        send(JobQueues.DISPATCH, JobCodec.encode(bad));
        // 3. the real one: reference MLP, 1 epoch on the first 5,000 training images
        TrainTask task = new TrainTask(UUID.randomUUID(), job, ReferenceModels.json("mlp"), null, train, 0, 5_000, 1,
                32, 42);
        send(JobQueues.DISPATCH, JobCodec.encode(task));
        Set<UUID> sent = new java.util.HashSet<>(Set.of(bad.taskId(), task.taskId()));

        long t0 = System.nanoTime();
        Process runner = startRunner(RUNNER_PASSWORD, "--max-tasks", "4", "--heartbeat-seconds", "1",
                "--region", "it-region");
        try (MessageConsumer results = session.createConsumer(session.createQueue(address(JobQueues.RESULTS)))) {
            TaskResult failed = nextResult(results, runner);
            assertEquals(bad.taskId(), failed.taskId());
            assertEquals(TaskResult.Status.FAILED, failed.status());
            assertEquals(TaskResult.Kind.TRAIN, failed.kind());
            assertTrue(failed.error().startsWith("modelConfigJson is not valid JSON"), failed.error());
            assertEquals("it-runner", failed.runnerId());

            TaskResult trained = nextResult(results, runner);
            assertEquals(task.taskId(), trained.taskId());
            assertEquals(TaskResult.Status.SUCCEEDED, trained.status(), trained.error());
            assertEquals(TaskResult.Kind.TRAIN, trained.kind());
            assertEquals(5_000, trained.samples());
            assertEquals(1, trained.epochs());
            assertTrue(trained.loss() > 0 && trained.loss() < 1.5, "loss " + trained.loss());
            assertTrue(trained.samplesPerSecond() > 0);
            byte[] model = exchange.blobs.get(trained.modelCid());
            assertNotNull(model, "model blob was uploaded");
            assertEquals(trained.modelCid(), ContentIds.of(model));

            EvaluateTask evaluate = new EvaluateTask(UUID.randomUUID(), job, trained.modelCid(), test, 500);
            sent.add(evaluate.taskId());
            send(JobQueues.DISPATCH, JobCodec.encode(evaluate));
            TaskResult evaluated = nextResult(results, runner);
            assertEquals(evaluate.taskId(), evaluated.taskId());
            assertEquals(TaskResult.Status.SUCCEEDED, evaluated.status(), evaluated.error());
            assertEquals(TaskResult.Kind.EVALUATE, evaluated.kind());
            assertEquals(trained.modelCid(), evaluated.modelCid());
            assertEquals(10_000, evaluated.samples());
            assertTrue(evaluated.accuracy() > 0.70, "accuracy " + evaluated.accuracy());
            assertTrue(evaluated.loss() > 0 && evaluated.loss() < 1.0, "loss " + evaluated.loss());

            // the oracle classifier: trained 1 epoch on the 10,000 test images, checks 300 training labels
            ClassifyTask classify = new ClassifyTask(UUID.randomUUID(), UUID.randomUUID(),
                    ReferenceModels.json("mlp"), test, train, 300, 1, 64, 3);
            sent.add(classify.taskId());
            send(JobQueues.DISPATCH, JobCodec.encode(classify));
            TaskResult classified = nextResult(results, runner);
            assertEquals(classify.taskId(), classified.taskId());
            assertEquals(TaskResult.Status.SUCCEEDED, classified.status(), classified.error());
            assertEquals(TaskResult.Kind.CLASSIFY, classified.kind());
            assertEquals(300, classified.samples());
            assertTrue(classified.accuracy() > 0.6, "agreement " + classified.accuracy());
            assertNotNull(exchange.blobs.get(classified.modelCid()), "oracle model was uploaded");
            // training and test images fetched for the train and evaluate tasks (the model and the classify
            // task's inputs come from the runner's cache); each download named its task
            assertDownloadsNameTheirTasks(bad, task, evaluate, classify);
            assertEquals(4, exchange.downloads.size(), exchange.downloads.toString());
            System.out.printf("RunnerIT: train loss %.4f at %.0f samples/s; test accuracy %.4f, loss %.4f; "
                    + "oracle agreement %.4f%n", trained.loss(), trained.samplesPerSecond(), evaluated.accuracy(),
                    evaluated.loss(), classified.accuracy());
        }
        assertTrue(runner.waitFor(30, TimeUnit.SECONDS), "runner exits after --max-tasks 4");
        assertEquals(0, runner.exitValue(), log());
        System.out.printf("RunnerIT: runner process ran %.1f s%n", (System.nanoTime() - t0) / 1e9);

        List<TaskProgress> progress = new ArrayList<>();
        try (MessageConsumer c = session.createConsumer(session.createQueue(address(JobQueues.PROGRESS)))) {
            for (TextMessage m; (m = (TextMessage) c.receive(500)) != null; ) {
                progress.add(JobCodec.decodeProgress(m.getText()));
            }
        }
        List<TaskProgress> ofTrain = progress.stream().filter(p -> p.taskId().equals(task.taskId())).toList();
        assertTrue(ofTrain.size() >= 2, "first and last progress report of the training task: " + progress);
        assertEquals(5_000, ofTrain.get(ofTrain.size() - 1).samplesDone());
        assertEquals(5_000, ofTrain.get(0).samplesTotal());
        assertEquals("it-runner", ofTrain.get(0).runnerId());

        // every dispatch message consumed and acknowledged (2 malformed + 4 tasks), none dead-lettered
        Queue dispatch = serverQueue(address(JobQueues.DISPATCH));
        assertEquals(0, dispatch.getMessageCount());
        assertEquals(6, dispatch.getMessagesAcknowledged());
        assertEquals(0, serverQueue(address(JobQueues.DEAD_LETTER)).getMessageCount());
        // enable1xPrefixes: the runner's "TaskDispatch" is jms.queue.TaskDispatch, no unprefixed address exists
        ActiveMQServer server = broker.getActiveMQServer();
        for (String q : List.of(JobQueues.DISPATCH, JobQueues.RESULTS, JobQueues.PROGRESS)) {
            assertNull(server.getAddressInfo(SimpleString.of(q)), "unprefixed address " + q);
        }
        // one registration with the figure the probe measured, then heartbeats
        List<FakeExchange.RunnerRequest> calls = List.copyOf(exchange.runnerRequests);
        assertFalse(calls.isEmpty(), log());
        assertEquals("PUT", calls.get(0).method());
        assertEquals("it-runner", calls.get(0).runnerId());
        JsonNode registration = JSON.readTree(calls.get(0).body());
        double capacity = registration.get("capacitySamplesPerSecond").asDouble();
        assertTrue(capacity > 0, registration.toString());
        assertEquals("mlp-784-256-10, batch 128, synthetic data", registration.get("measuredOn").asText());
        assertEquals("provider", registration.get("provider").asText());
        assertEquals("it-region", registration.get("region").asText());
        assertTrue(registration.get("hardware").asText().endsWith("1 thread(s)"), registration.toString());
        List<JsonNode> beats = new ArrayList<>();
        for (FakeExchange.RunnerRequest c : calls.subList(1, calls.size())) {
            assertEquals("POST", c.method(), "one registration, then heartbeats");
            beats.add(JSON.readTree(c.body()));
        }
        // how many heartbeats arrive depends on the machine's speed (taskOfACrashedRunnerIsRedelivered waits for a
        // busy one); each names a task of this test or none
        for (JsonNode b : beats) {
            if (b.get("busy").asBoolean() && !b.get("taskId").isNull()) {
                assertTrue(sent.contains(UUID.fromString(b.get("taskId").asText())), b.toString());
            } else {
                assertTrue(b.get("taskId").isNull(), b.toString());
            }
        }
        System.out.printf("RunnerIT: registered capacity %.1f samples/s (probe), %d heartbeat(s), %d busy%n",
                capacity, beats.size(), beats.stream().filter(b -> b.get("busy").asBoolean()).count());

        String log = log();
        assertTrue(log.contains("capacity ") && log.contains("samples/s (measured"), log);
        assertTrue(log.contains("registered with the exchange as runner it-runner"), log);
        assertTrue(log.contains("discarding message"), log);
        assertTrue(log.matches("(?s).*samples/s, ETA \\d+ s.*"), log);
        assertFalse(log.contains(RUNNER_PASSWORD) || log.contains(CLIENT_SECRET) || log.contains(RUNNER_KEY),
                "secrets in the log");
        assertTrue(log.contains("runnerKey=****"), log);
    }

    @Test
    void taskOfACrashedRunnerIsRedelivered() throws Exception {
        TrainTask task = new TrainTask(UUID.randomUUID(), UUID.randomUUID(), ReferenceModels.json("mlp"), null, train,
                0, 0, 5, 64, 1);
        send(JobQueues.DISPATCH, JobCodec.encode(task));
        EvaluateTask next = new EvaluateTask(UUID.randomUUID(), task.jobId(), ContentIds.of(new byte[] {1}), test, 100);
        send(JobQueues.DISPATCH, JobCodec.encode(next));
        Process runner = startRunner(RUNNER_PASSWORD, "--capacity", "1500", "--heartbeat-seconds", "1");
        try (MessageConsumer c = session.createConsumer(session.createQueue(address(JobQueues.PROGRESS)))) {
            TextMessage first = (TextMessage) c.receive(RESULT_TIMEOUT.toMillis());
            assertNotNull(first, "runner reports progress; log:\n" + log());
            assertEquals(task.taskId(), JobCodec.decodeProgress(first.getText()).taskId());
        }
        // the 5-epoch task runs for many seconds: a heartbeat reports it (busy, its id)
        long beatDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonNode busyBeat = null;
        while (busyBeat == null && System.nanoTime() < beatDeadline) {
            for (FakeExchange.RunnerRequest c : exchange.runnerRequests) {
                JsonNode b = JSON.readTree(c.body());
                if (c.method().equals("POST") && b.get("busy").asBoolean()) {
                    busyBeat = b;
                }
            }
            Thread.sleep(100);
        }
        assertNotNull(busyBeat, "a heartbeat while the task runs: " + exchange.runnerRequests + "\n" + log());
        assertEquals(task.taskId().toString(), busyBeat.get("taskId").asText());
        JsonNode registration = JSON.readTree(exchange.runnerRequests.get(0).body());
        assertEquals("PUT", exchange.runnerRequests.get(0).method());
        assertEquals(1500.0, registration.get("capacitySamplesPerSecond").asDouble(), "the declared capacity");
        assertTrue(registration.get("measuredOn").asText().contains("declared"), registration.toString());
        Queue dispatch = serverQueue(address(JobQueues.DISPATCH));
        assertEquals(2, dispatch.getMessageCount());
        assertEquals(1, dispatch.getDeliveringCount(), "only the running task is out: no prefetch");
        runner.destroyForcibly().waitFor();  // SIGKILL: no shutdown hook, no commit
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (dispatch.getDeliveringCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(2, dispatch.getMessageCount(), "the task is back on the queue");
        try (MessageConsumer c = session.createConsumer(session.createQueue(address(JobQueues.DISPATCH)))) {
            TextMessage again = (TextMessage) c.receive(5_000);
            assertNotNull(again);
            assertEquals(task.taskId(), JobCodec.decodeTask(again.getText()).taskId());
            assertTrue(again.getJMSRedelivered() || again.getIntProperty("JMSXDeliveryCount") > 1);
            assertNotNull(c.receive(5_000));
        }
        assertEquals(0, serverQueue(address(JobQueues.RESULTS)).getMessageCount(), "no result was committed");
    }

    /**
     * Acknowledgement after a SIGKILL for a <em>targeted</em> task: the broker puts it back on the queue (the
     * runner's transacted session never committed) with its target property, a runner with another id does not
     * take it (while it does take an untargeted task), and a consumer with the target's selector gets it again as a
     * redelivery.
     */
    @Test
    void targetedTaskOfACrashedRunnerWaitsForThatRunner() throws Exception {
        TrainTask task = new TrainTask(UUID.randomUUID(), UUID.randomUUID(), ReferenceModels.json("mlp"), null, train,
                0, 0, 5, 64, 1);
        dispatch(task, "it-runner");
        Process runner = startRunner(RUNNER_PASSWORD, "--capacity", "1500");
        try (MessageConsumer c = session.createConsumer(session.createQueue(address(JobQueues.PROGRESS)))) {
            TextMessage first = (TextMessage) c.receive(RESULT_TIMEOUT.toMillis());
            assertNotNull(first, "runner reports progress; log:\n" + log());
            assertEquals(task.taskId(), JobCodec.decodeProgress(first.getText()).taskId());
        }
        Queue dispatch = serverQueue(address(JobQueues.DISPATCH));
        assertEquals(1, dispatch.getDeliveringCount());
        runner.destroyForcibly().waitFor();  // SIGKILL: no shutdown hook, no commit
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (dispatch.getDeliveringCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, dispatch.getDeliveringCount(), "the broker noticed the closed connection");
        // the queue's message count follows the delivering count a moment later
        while (dispatch.getMessageCount() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, dispatch.getMessageCount(), "the task is back on the queue");

        AggregateTask untargeted = aggregateOf(ContentIds.of(new byte[] {5}));
        dispatch(untargeted, null);
        try (InProcessRunner other = new InProcessRunner("runner-b");
             MessageConsumer results = session.createConsumer(session.createQueue(address(JobQueues.RESULTS)))) {
            other.blobs.release.release(10);
            TextMessage m = (TextMessage) results.receive(RESULT_TIMEOUT.toMillis());
            assertNotNull(m, "runner-b takes the untargeted task");
            assertEquals(untargeted.taskId(), JobCodec.decodeResult(m.getText()).taskId());
            assertNull(results.receive(2_000), "runner-b never takes the task targeted at it-runner");
            assertEquals(1, dispatch.getMessageCount());
        }
        try (MessageConsumer mine = session.createConsumer(session.createQueue(address(JobQueues.DISPATCH)),
                JobQueues.targetSelector("it-runner"))) {
            TextMessage again = (TextMessage) mine.receive(5_000);
            assertNotNull(again, "it-runner's selector gets it back");
            assertEquals(task.taskId(), JobCodec.decodeTask(again.getText()).taskId());
            assertEquals("it-runner", again.getStringProperty(JobQueues.TARGET_RUNNER_PROPERTY));
            assertTrue(again.getJMSRedelivered() && again.getIntProperty("JMSXDeliveryCount") == 2,
                    "a redelivery: " + again.getIntProperty("JMSXDeliveryCount"));
        }
        assertEquals(0, serverQueue(address(JobQueues.RESULTS)).getMessageCount(), "no result was committed");
    }

    /** The packaged runner answers noop tasks (dispatch probe) through the result queue, logging them quietly. */
    @Test
    void answersNoopTasksQuietly() throws Exception {
        UUID probe = UUID.randomUUID();
        Set<UUID> sent = new java.util.HashSet<>();
        int n = 300;
        try (MessageProducer p = session.createProducer(session.createQueue(address(JobQueues.DISPATCH)))) {
            for (int i = 0; i < n; i++) {
                NoopTask t = new NoopTask(UUID.randomUUID(), probe);
                sent.add(t.taskId());
                p.send(session.createTextMessage(JobCodec.encode(t)));
            }
        }
        Process runner = startRunner(RUNNER_PASSWORD, "--max-tasks", String.valueOf(n), "--capacity", "1500");
        Set<UUID> answered = new java.util.HashSet<>();
        long t0 = 0;
        try (MessageConsumer c = session.createConsumer(session.createQueue(address(JobQueues.RESULTS)))) {
            for (int i = 0; i < n; i++) {
                TaskResult r = nextResult(c, runner);
                if (i == 0) {
                    t0 = System.nanoTime();
                }
                assertEquals(TaskResult.Kind.NOOP, r.kind());
                assertEquals(TaskResult.Status.SUCCEEDED, r.status(), r.error());
                assertEquals(probe, r.jobId());
                assertEquals("it-runner", r.runnerId());
                assertNull(r.modelCid());
                assertTrue(answered.add(r.taskId()), "one result per task");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(sent, answered);
        assertTrue(runner.waitFor(30, TimeUnit.SECONDS), "runner exits after --max-tasks");
        assertEquals(0, runner.exitValue(), log());
        assertEquals(0, serverQueue(address(JobQueues.DISPATCH)).getMessageCount());
        String log = log();
        assertTrue(log.contains("noop task(s) so far"), log);
        long received = log.lines().filter(l -> l.contains(" received")).count();
        assertTrue(received <= 1, "noop tasks are not logged one by one: " + received + " lines");
        System.out.printf("RunnerIT: one runner answered %d noop tasks, %.0f tasks/s after the first%n", n,
                (n - 1) / seconds);
    }

    /**
     * A runner whose key the exchange does not accept (revoked, or never issued): its registration is refused with
     * 401, logged once at ERROR saying what to do; a task that needs a blob is rolled back for redelivery and the
     * runner exits 4 with the same explanation. The key never appears in the log.
     */
    @Test
    void aRevokedRunnerKeyIsExplainedAndItsTaskRolledBack() throws Exception {
        String revoked = "rk_revoked-it-runner-key";
        Process runner = startRunner(RUNNER_PASSWORD, "--runner-key", revoked, "--capacity", "1500",
                "--heartbeat-seconds", "1");
        String rejected = "runner key rejected by the exchange (unknown or revoked): ask the provider for a new key";
        awaitLog(logFile(), runner, "[ERROR] ExchangeRegistration - " + rejected + " (HTTP 401 on the registration",
                Duration.ofSeconds(60));
        AggregateTask task = aggregateOf(exchange.add(modelOf(1.0)));
        dispatch(task, null);
        assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "exits once the task needs a blob; log:\n" + log());
        String log = log();
        assertEquals(4, runner.exitValue(), log);
        assertEquals(1, log.lines().filter(l -> l.contains("[ERROR] ExchangeRegistration - " + rejected)).count(),
                "logged once: " + log);
        assertTrue(log.contains("[ERROR] TaskLoop - task " + task.taskId() + " rolled back for redelivery: "
                + rejected + " (HTTP 401 on GET "), log);
        assertTrue(log.contains("[ERROR] RunnerMain - " + rejected), log);
        assertTrue(log.contains("Unauthorized: missing, unknown or revoked Trainex-Runner-Key"), log);
        assertFalse(log.contains(revoked), "the key in the log");
        assertTrue(exchange.runnerRequests.isEmpty(), "no registration or heartbeat accepted");
        assertTrue(exchange.downloads.isEmpty(), "no blob served");
        assertTrue(exchange.keyRejections.get() >= 2, "registration and download refused");
        Queue dispatch = serverQueue(address(JobQueues.DISPATCH));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (dispatch.getMessageCount() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, dispatch.getMessageCount(), "the task is back on the queue for another runner");
        assertEquals(0, serverQueue(address(JobQueues.RESULTS)).getMessageCount(), "no result");
    }

    @Test
    void sigtermStopsAnIdleRunnerCleanly() throws Exception {
        exchange.runnersEndpoint = false;  // an exchange without runner registration: 404, warnings only
        Process runner = startRunner(RUNNER_PASSWORD, "--capacity", "1500");
        String unavailable = "exchange unavailable for runner it-runner: registration";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(log().contains("one task at a time") && log().contains(unavailable)) && runner.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(log().contains("one task at a time"), log());
        assertTrue(log().contains(unavailable) && log().contains("(HTTP 404)"), log());
        assertFalse(log().contains("[ERROR]"), "an exchange without runner registration is not an error: " + log());
        runner.destroy();  // SIGTERM
        assertTrue(runner.waitFor(10, TimeUnit.SECONDS), "stops within the receive timeout");
        assertEquals(143, runner.exitValue(), "128 + SIGTERM, as for any JVM stopped by a signal");
        assertTrue(log().contains("runner stopping after 0 task(s)"), log());
        assertEquals(0, serverQueue(address(JobQueues.DISPATCH)).getConsumerCount());
    }

    @Test
    void rejectedCredentialsAndUnreachableBrokerAreExplained() throws Exception {
        Process runner = startRunner("wrong-password", "--capacity", "1500");
        assertTrue(runner.waitFor(60, TimeUnit.SECONDS));
        String log = log();
        assertEquals(3, runner.exitValue(), log);
        assertTrue(log.contains("rejected the credentials of user 'runner' (AMQ229031)"), log);
        assertFalse(log.contains("wrong-password"), "password in the log");

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        BrokerException e = org.junit.jupiter.api.Assertions.assertThrows(BrokerException.class,
                () -> new BrokerConnector("tcp://127.0.0.1:" + closedPort, RUNNER_USER, RUNNER_PASSWORD).connect());
        assertTrue(e.getMessage().startsWith("cannot reach the broker at tcp://127.0.0.1:" + closedPort), e.getMessage());
    }

    /**
     * The exchange's WildFly restarts: the broker stops (and, for a while, the exchange answers 404 to the runner's
     * heartbeats), then comes back on the same port with the same instance directory. The same runner process
     * reconnects with back-off, keeps its heartbeat thread going, registers again, and executes a task dispatched
     * after the restart.
     */
    @Test
    void reconnectsAfterABrokerRestart() throws Exception {
        Process runner = startRunner(RUNNER_PASSWORD, "--max-tasks", "1", "--capacity", "1500",
                "--heartbeat-seconds", "1");
        awaitLog(logFile(), runner, "one task at a time", Duration.ofSeconds(60));
        awaitLog(logFile(), runner, "registered with the exchange as runner it-runner", Duration.ofSeconds(30));
        String url = "tcp://127.0.0.1:" + brokerPort;

        closeClient();
        stopBroker();
        awaitLog(logFile(), runner, "lost the connection to the broker at " + url, Duration.ofSeconds(30));
        int requests = exchange.runnerRequests.size();
        // heartbeats go on while the broker is away: wait for the next one (1 s interval) instead of sleeping
        long beatDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (exchange.runnerRequests.size() <= requests && System.nanoTime() < beatDeadline) {
            Thread.sleep(50);  // poll interval of a condition wait
        }
        assertTrue(exchange.runnerRequests.size() > requests, "heartbeats go on while the broker is away: "
                + exchange.runnerRequests);
        exchange.runnersEndpoint = false;  // the exchange is gone too
        awaitLog(logFile(), runner, "exchange unavailable for runner it-runner", Duration.ofSeconds(30));
        awaitLog(logFile(), runner, "reconnection attempt 2 to the broker at " + url + " failed",
                Duration.ofSeconds(30));
        assertTrue(runner.isAlive(), log());

        startBroker();  // same port, same instance directory
        exchange.runnersEndpoint = true;
        connectClient();
        awaitLog(logFile(), runner, "reconnected to the broker at " + url + " after", Duration.ofSeconds(60));
        awaitLog(logFile(), runner, "registered with the exchange again", Duration.ofSeconds(60));
        assertEquals(1, serverQueue(address(JobQueues.DISPATCH)).getConsumerCount(), "consuming again");

        AggregateTask task = aggregateOf(exchange.add(modelOf(1.0)));
        dispatch(task, null);
        try (MessageConsumer results = session.createConsumer(session.createQueue(address(JobQueues.RESULTS)))) {
            TaskResult r = nextResult(results, runner);
            assertEquals(task.taskId(), r.taskId());
            assertEquals(TaskResult.Status.SUCCEEDED, r.status(), r.error());
            assertEquals("it-runner", r.runnerId());
        }
        assertTrue(runner.waitFor(30, TimeUnit.SECONDS), "the same process ends after --max-tasks 1");
        assertEquals(0, runner.exitValue(), log());
        String log = log();
        assertTrue(log.contains("no task was in hand; reconnecting in 1 s"), log);
        assertTrue(log.contains("reconnection attempt 1 to the broker at " + url + " failed"), log);
        assertFalse(log.contains("[ERROR]"), "a broker restart is no error: " + log);
        assertTrue(log.contains("runner stopping after 1 task(s)"), log);
    }

    /**
     * The broker stops while a task runs (and keeps its journal, as WildFly does): the task runs to its end, its
     * result cannot be committed, and after the restart the broker redelivers the task to the same runner, which
     * answers it once.
     */
    @Test
    void aTaskRunningWhenTheBrokerStopsIsRedeliveredAfterTheRestart() throws Exception {
        closeClient();
        stopBroker();
        persistent = true;
        startBroker();
        connectClient();
        TrainTask task = new TrainTask(UUID.randomUUID(), UUID.randomUUID(), ReferenceModels.json("mlp"), null, train,
                0, 30_000, 1, 64, 1);
        dispatch(task, null);
        Process runner = startRunner(RUNNER_PASSWORD, "--max-tasks", "1", "--capacity", "1500");
        try (MessageConsumer c = session.createConsumer(session.createQueue(address(JobQueues.PROGRESS)))) {
            assertNotNull(c.receive(RESULT_TIMEOUT.toMillis()), "runner reports progress; log:\n" + log());
        }
        closeClient();
        stopBroker();
        String url = "tcp://127.0.0.1:" + brokerPort;
        awaitLog(logFile(), runner, "lost the connection to the broker at " + url + " while task " + task.taskId()
                + " runs", Duration.ofSeconds(30));
        awaitLog(logFile(), runner, "task " + task.taskId() + " was not committed: the broker redelivers it",
                Duration.ofSeconds(RESULT_TIMEOUT.toSeconds()));
        startBroker();  // same port, same journal
        connectClient();
        try (MessageConsumer results = session.createConsumer(session.createQueue(address(JobQueues.RESULTS)))) {
            TaskResult r = nextResult(results, runner);
            assertEquals(task.taskId(), r.taskId());
            assertEquals(TaskResult.Status.SUCCEEDED, r.status(), r.error());
            assertNull(results.receive(1_000), "one result");
        }
        assertTrue(runner.waitFor(30, TimeUnit.SECONDS), "the same process ends after --max-tasks 1");
        assertEquals(0, runner.exitValue(), log());
        String log = log();
        assertTrue(log.contains("reconnected to the broker at " + url), log);
        assertEquals(2, log.lines().filter(l -> l.contains("task " + task.taskId() + " (TrainTask")
                && l.contains(" received")).count(), "received before and after the restart: " + log);
        assertEquals(0, serverQueue(address(JobQueues.DISPATCH)).getMessageCount());
    }

    /**
     * The exchange's WildFly goes down while a task fetches its input: the broker connection drops and the blob
     * store answers 503 until its retries run out. The runner reconnects (instead of exiting 4 for an unavailable
     * exchange) and answers the redelivered task once both are back.
     */
    @Test
    void aTaskThatLosesExchangeAndBrokerTogetherIsRedeliveredAfterTheRestart() throws Exception {
        closeClient();
        stopBroker();
        persistent = true;
        startBroker();
        connectClient();
        String model = exchange.add(modelOf(2.0));
        exchange.failWith.put(model, 503);  // retried 0.5 s, 1 s, 2 s, then "exchange unavailable"
        AggregateTask task = aggregateOf(model);
        dispatch(task, null);
        Process runner = startRunner(RUNNER_PASSWORD, "--max-tasks", "1", "--capacity", "1500");
        try {
            awaitLog(logFile(), runner, "task " + task.taskId() + " (AggregateTask", Duration.ofSeconds(60));
            closeClient();
            stopBroker();
            awaitLog(logFile(), runner, "task " + task.taskId() + " could not reach the exchange either",
                    Duration.ofSeconds(30));
            awaitLog(logFile(), runner, "task " + task.taskId() + " was not committed: the broker redelivers it",
                    Duration.ofSeconds(30));
        } finally {
            exchange.failWith.remove(model);
        }
        startBroker();
        connectClient();
        try (MessageConsumer results = session.createConsumer(session.createQueue(address(JobQueues.RESULTS)))) {
            TaskResult r = nextResult(results, runner);
            assertEquals(task.taskId(), r.taskId());
            assertEquals(TaskResult.Status.SUCCEEDED, r.status(), r.error());
        }
        assertTrue(runner.waitFor(30, TimeUnit.SECONDS), "the same process ends after --max-tasks 1");
        assertEquals(0, runner.exitValue(), log());
        assertFalse(log().contains("rolled back for redelivery"), log());
    }

    /**
     * While the broker is away: a runner with {@code --reconnect-seconds 0} exits with the broker exit code at once,
     * one with {@code --reconnect-seconds 3} gives up after 3 s, SIGTERM stops a waiting runner at once, and a
     * broker that comes back rejecting the runner's credentials ends the last one at once (exit code 3 each).
     */
    @Test
    void givesUpAfterReconnectSecondsOrRejectedCredentialsAndStopsOnSigtermWhileWaiting() throws Exception {
        Path noRetry = tmp.resolve("runner-0.log");
        Path shortRetry = tmp.resolve("runner-3.log");
        Path waiting = tmp.resolve("runner-default.log");
        Path rejected = tmp.resolve("runner-rejected.log");
        exchange.runnersEndpoint = false;  // three runners, one fake exchange that honours only its newest token
        Process a = startRunner(noRetry, RUNNER_PASSWORD, "--capacity", "1500", "--runner-id", "it-runner-0",
                "--reconnect-seconds", "0");
        Process b = startRunner(shortRetry, RUNNER_PASSWORD, "--capacity", "1500", "--runner-id", "it-runner-3",
                "--reconnect-seconds", "3");
        Process c = startRunner(waiting, RUNNER_PASSWORD, "--capacity", "1500", "--runner-id", "it-runner-default");
        Process d = startRunner(rejected, RUNNER_PASSWORD, "--capacity", "1500", "--runner-id", "it-runner-rejected");
        awaitLog(noRetry, a, "one task at a time", Duration.ofSeconds(90));
        awaitLog(shortRetry, b, "one task at a time", Duration.ofSeconds(90));
        awaitLog(waiting, c, "one task at a time", Duration.ofSeconds(90));
        awaitLog(rejected, d, "one task at a time", Duration.ofSeconds(90));
        closeClient();
        stopBroker();

        assertTrue(a.waitFor(15, TimeUnit.SECONDS), "exits at once without --reconnect-seconds");
        assertEquals(3, a.exitValue(), log(noRetry));
        assertTrue(log(noRetry).contains("(not reconnecting: --reconnect-seconds 0)"), log(noRetry));

        awaitLog(waiting, c, "reconnection attempt 1 to the broker", Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        c.destroy();  // SIGTERM while waiting for the next attempt (2 s)
        assertTrue(c.waitFor(10, TimeUnit.SECONDS), "SIGTERM stops a reconnecting runner");
        double stopSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(143, c.exitValue(), "as an idle runner: " + log(waiting));
        assertTrue(log(waiting).contains("runner stopping after 0 task(s)"), log(waiting));
        assertTrue(stopSeconds < 5, "stopped in " + stopSeconds + " s");

        assertTrue(b.waitFor(30, TimeUnit.SECONDS), "gives up after --reconnect-seconds 3");
        assertEquals(3, b.exitValue(), log(shortRetry));
        assertTrue(log(shortRetry).matches("(?s).*\\[ERROR] RunnerMain - gave up reconnecting to the broker at "
                + "tcp://127.0.0.1:" + brokerPort + " after 3\\.\\d s and 2 attempt\\(s\\) \\(--reconnect-seconds 3\\).*"),
                log(shortRetry));

        runnerPassword = "changed-password";
        startBroker();
        assertTrue(d.waitFor(30, TimeUnit.SECONDS), "rejected credentials end the reconnection at once");
        assertEquals(3, d.exitValue(), log(rejected));
        assertTrue(log(rejected).matches("(?s).*\\[ERROR] RunnerMain - reconnecting after \\d+\\.\\d s: the broker at "
                + "tcp://127.0.0.1:" + brokerPort + " rejected the credentials of user 'runner' \\(AMQ229031\\).*"),
                log(rejected));
        System.out.printf("RunnerIT: SIGTERM stopped a reconnecting runner in %.2f s%n", stopSeconds);
    }

    /** A 4-3-2 network with every parameter {@code fill}, as a DL4J model zip. */
    static byte[] modelOf(double fill) throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        net.params().assign(fill);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        return bytes.toByteArray();
    }

    @Test
    void takesUntargetedTasksAndItsOwnAndAggregates() throws Exception {
        String ones = exchange.add(modelOf(1.0));
        String threes = exchange.add(modelOf(3.0));
        UUID job = UUID.randomUUID();
        List<AggregateTask.WeightedModel> models = List.of(new AggregateTask.WeightedModel(ones, 1_000),
                new AggregateTask.WeightedModel(threes, 3_000));
        AggregateTask forOther = new AggregateTask(UUID.randomUUID(), job, models, 1);
        AggregateTask forMe = new AggregateTask(UUID.randomUUID(), job, models, 1);
        AggregateTask forAnyone = new AggregateTask(UUID.randomUUID(), job, models.subList(0, 1), 1);
        dispatch(forOther, "other-runner");  // first in the queue: the selector must skip it
        dispatch(forMe, "it-runner");
        dispatch(forAnyone, null);

        Process runner = startRunner(RUNNER_PASSWORD, "--max-tasks", "2", "--capacity", "1500");
        Map<UUID, TaskResult> results = new java.util.HashMap<>();
        try (MessageConsumer c = session.createConsumer(session.createQueue(address(JobQueues.RESULTS)))) {
            for (int i = 0; i < 2; i++) {
                TaskResult r = nextResult(c, runner);
                results.put(r.taskId(), r);
            }
        }
        assertEquals(Set.of(forMe.taskId(), forAnyone.taskId()), results.keySet());
        TaskResult averaged = results.get(forMe.taskId());
        assertEquals(TaskResult.Status.SUCCEEDED, averaged.status(), averaged.error());
        assertEquals(TaskResult.Kind.AGGREGATE, averaged.kind());
        assertEquals(4_000, averaged.samples());
        byte[] model = exchange.blobs.get(averaged.modelCid());
        assertNotNull(model, "the averaged model was uploaded");
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new java.io.ByteArrayInputStream(model), false);
        assertEquals(2.5, net.params().minNumber().doubleValue(), 0.0, "(1,000 * 1 + 3,000 * 3) / 4,000");
        assertEquals(2.5, net.params().maxNumber().doubleValue(), 0.0);
        assertEquals(TaskResult.Status.SUCCEEDED, results.get(forAnyone.taskId()).status());
        assertEquals(1_000, results.get(forAnyone.taskId()).samples());
        assertDownloadsNameTheirTasks(forMe, forAnyone);

        assertTrue(runner.waitFor(30, TimeUnit.SECONDS), "runner exits after --max-tasks 2");
        assertEquals(0, runner.exitValue(), log());
        assertTrue(log().contains("selector \"trainexRunnerId IS NULL OR trainexRunnerId = 'it-runner'\""), log());
        Queue dispatch = serverQueue(address(JobQueues.DISPATCH));
        assertEquals(1, dispatch.getMessageCount(), "the task for another runner is still queued");
        try (MessageConsumer c = session.createConsumer(session.createQueue(address(JobQueues.DISPATCH)))) {
            TextMessage left = (TextMessage) c.receive(5_000);
            assertNotNull(left);
            assertEquals(forOther.taskId(), JobCodec.decodeTask(left.getText()).taskId());
            assertEquals("other-runner", left.getStringProperty(JobQueues.TARGET_RUNNER_PROPERTY));
            assertFalse(left.getJMSRedelivered(), "never delivered to the runner");
        }
    }

    /** A blob store whose fetches block until the test lets them go, then fail: the task is busy until then. */
    static final class GatedBlobs implements BlobStore {
        /** One permit per fetch that began: a task is busy. */
        final Semaphore started = new Semaphore(0);
        /** One permit per fetch allowed to finish. */
        final Semaphore release = new Semaphore(0);

        @Override
        public Path fetch(String contentId) throws BlobException {
            started.release();
            try {
                if (!release.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new BlobException(contentId, "gate not opened within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new BlobException(contentId, "blob " + contentId + " withheld by the test");
        }

        @Override
        public String put(Path file) {
            throw new UnsupportedOperationException();
        }

        void awaitBusy() throws InterruptedException {
            assertTrue(started.tryAcquire(30, TimeUnit.SECONDS), "a task started");
        }
    }

    /** An in-process runner: the real TaskLoop (its broker settings, selector, transactions) on a thread. */
    final class InProcessRunner implements AutoCloseable {
        final GatedBlobs blobs = new GatedBlobs();
        final TaskLoop loop;
        final Thread thread;
        volatile Throwable failure;

        InProcessRunner(String runnerId) throws Exception {
            TaskExecutor executor = new TaskExecutor(blobs, runnerId, tmp.resolve(runnerId.replace('\'', '_'))
                    .resolve("work"));
            loop = new TaskLoop(new BrokerConnector("tcp://127.0.0.1:" + brokerPort, RUNNER_USER, RUNNER_PASSWORD),
                    executor, runnerId);
            loop.open();
            thread = new Thread(() -> {
                try {
                    loop.run(0);
                } catch (Throwable t) {
                    failure = t;
                }
            }, "runner-" + runnerId);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            loop.stop();
            blobs.release.release(1_000);
            thread.join(10_000);
            loop.close();
            assertNull(failure, () -> "runner loop failed: " + failure);
        }
    }

    static AggregateTask aggregateOf(String modelCid) {
        return new AggregateTask(UUID.randomUUID(), UUID.randomUUID(),
                List.of(new AggregateTask.WeightedModel(modelCid, 1)), 1);
    }

    /** Waits until the queue's delivering count stays the same for {@code quietMillis}; returns it. */
    static long settledDeliveringCount(Queue queue, long quietMillis) throws InterruptedException {
        long count = queue.getDeliveringCount();
        long since = System.nanoTime();
        long deadline = since + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(quietMillis) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = queue.getDeliveringCount();
            if (now != count) {
                count = now;
                since = System.nanoTime();
            }
        }
        return count;
    }

    @Test
    void aBusyRunnerHoldsNoSecondTask() throws Exception {
        Queue dispatch = serverQueue(address(JobQueues.DISPATCH));
        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            AggregateTask t = aggregateOf(ContentIds.of(new byte[] {(byte) i}));
            sent.add(t.taskId());
            dispatch(t, null);
        }
        Map<UUID, String> ranOn = new java.util.HashMap<>();
        try (InProcessRunner a = new InProcessRunner("runner-a");
             MessageConsumer results = session.createConsumer(session.createQueue(address(JobQueues.RESULTS)))) {
            a.blobs.awaitBusy();
            assertEquals(1, settledDeliveringCount(dispatch, 1_500), "busy runner a holds only its task");
            assertEquals(4, dispatch.getMessageCount());
            try (InProcessRunner b = new InProcessRunner("runner-b")) {
                b.blobs.awaitBusy();  // b got a task although a is busy and connected first
                assertEquals(2, settledDeliveringCount(dispatch, 1_500), "one task per busy runner");
                assertEquals(4, dispatch.getMessageCount());
                a.blobs.release.release();  // a answers its task and takes the next one
                a.blobs.awaitBusy();
                assertEquals(2, settledDeliveringCount(dispatch, 1_500));
                assertEquals(3, dispatch.getMessageCount());
                a.blobs.release.release(10);
                b.blobs.release.release(10);
                for (int i = 0; i < 4; i++) {
                    TextMessage m = (TextMessage) results.receive(RESULT_TIMEOUT.toMillis());
                    assertNotNull(m, "result " + i);
                    TaskResult r = JobCodec.decodeResult(m.getText());
                    assertEquals(TaskResult.Status.FAILED, r.status());
                    assertTrue(r.error().contains("withheld by the test"), r.error());
                    ranOn.put(r.taskId(), r.runnerId());
                }
            }
        }
        assertEquals(Set.copyOf(sent), ranOn.keySet());
        assertTrue(ranOn.values().stream().filter("runner-a"::equals).count() >= 2, ranOn.toString());
        assertTrue(ranOn.containsValue("runner-b"), ranOn.toString());
        assertEquals(0, dispatch.getMessageCount());
        assertEquals(0, dispatch.getDeliveringCount());

        // negative control: the same measure sees prefetch where there is some. A consumer with Artemis' default
        // window (1 MiB) that receives one task holds all the queued ones; the runner's factory holds one.
        for (int i = 0; i < 3; i++) {
            dispatch(aggregateOf(ContentIds.of(new byte[] {9, (byte) i})), null);
        }
        ActiveMQConnectionFactory defaults = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
        ActiveMQConnectionFactory runners = new BrokerConnector("tcp://127.0.0.1:" + brokerPort, RUNNER_USER,
                RUNNER_PASSWORD).factory();
        assertEquals(0, runners.getConsumerWindowSize());
        for (ActiveMQConnectionFactory cf : List.of(defaults, runners)) {
            try (Connection c = cf.createConnection(RUNNER_USER, RUNNER_PASSWORD)) {
                Session s = c.createSession(true, Session.SESSION_TRANSACTED);
                // the runners' factory has the 1.x prefixes: the plain name is jms.queue.TaskDispatch
                MessageConsumer consumer = s.createConsumer(s.createQueue(cf == defaults
                        ? address(JobQueues.DISPATCH) : JobQueues.DISPATCH));
                c.start();
                assertNotNull(consumer.receive(5_000));
                long held = settledDeliveringCount(dispatch, 1_000);
                assertEquals(cf == defaults ? 3 : 1, held, cf == defaults ? "default window: prefetch" : "window 0");
                s.rollback();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dispatch.getDeliveringCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertEquals(3, dispatch.getMessageCount());
    }

    @Test
    void aRunnerIdWithAQuoteSelectsItsOwnTasks() throws Exception {
        String runnerId = "o'brien";
        AggregateTask forOther = aggregateOf(ContentIds.of(new byte[] {1}));
        AggregateTask forPrefix = aggregateOf(ContentIds.of(new byte[] {2}));
        AggregateTask forMe = aggregateOf(ContentIds.of(new byte[] {3}));
        AggregateTask forAnyone = aggregateOf(ContentIds.of(new byte[] {4}));
        dispatch(forOther, "other-runner");
        dispatch(forPrefix, "o'brien-2");
        dispatch(forMe, runnerId);
        dispatch(forAnyone, null);
        Set<UUID> taken = new java.util.HashSet<>();
        try (InProcessRunner r = new InProcessRunner(runnerId);
             MessageConsumer results = session.createConsumer(session.createQueue(address(JobQueues.RESULTS)))) {
            r.blobs.release.release(10);
            for (int i = 0; i < 2; i++) {
                TextMessage m = (TextMessage) results.receive(RESULT_TIMEOUT.toMillis());
                assertNotNull(m, "result " + i);
                TaskResult result = JobCodec.decodeResult(m.getText());
                assertEquals(runnerId, result.runnerId());
                assertEquals(runnerId, m.getStringProperty(JobQueues.RUNNER_ID_PROPERTY));
                taken.add(result.taskId());
            }
            assertNull(results.receive(1_500), "nothing else is for this runner");
        }
        assertEquals(Set.of(forMe.taskId(), forAnyone.taskId()), taken);
        assertEquals(2, serverQueue(address(JobQueues.DISPATCH)).getMessageCount(), "the others' tasks stay");
    }
}
