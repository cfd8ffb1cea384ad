package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The main job end to end on a small scale: a real gpu-runner process (the built jar) connects to the server's
 * Artemis broker and REST API with its OIDC client credentials, trains the default MLP for one epoch on a
 * 5,000-image Fashion-MNIST subset, uploads the model, and evaluates it on 2,000 held-out images.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TrainingFlowIT {
    static Process runner;
    static Path runnerLog;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeAll
    static void startRunner() throws Exception {
        Path jar = HOME.resolve("gpu-runner/target/gpu-runner.jar");
        assertTrue(Files.isRegularFile(jar), "build gpu-runner first: " + jar);
        runnerLog = HOME.resolve("var/test/logs/it-runner.log");
        Files.createDirectories(runnerLog.getParent());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-jar", jar.toString(), "--broker", BROKER, "--exchange", EXCHANGE, "--token-url",
                TOKEN_URL, "--runner-id", "it-runner-1", "--cache-dir", HOME.resolve("var/test/runner-cache").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(runnerLog.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        runner = pb.start();
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
    void aRunnerTrainsAndEvaluatesAnOrderedModel() throws Exception {
        String contributor = token("contributor");
        String consumer = token("consumer");
        JsonNode train = registerDataset(contributor, "flow-it train 5k", fashionSubset("train", 20000, 5000));
        JsonNode test = registerDataset(contributor, "flow-it test 2k", fashionSubset("t10k", 1000, 2000));
        HttpResponse<String> r = call("POST", "/api/orders", consumer, JSON.createObjectNode()
                .put("trainDatasetId", train.get("id").asText()).put("testDatasetId", test.get("id").asText())
                .put("epochs", 1).put("batchSize", 128).toString());
        assertEquals(201, r.statusCode(), r.body());
        String jobId = json(r).get("jobId").asText();

        long deadline = System.currentTimeMillis() + 300_000;
        JsonNode job = null;
        boolean sawProgress = false;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(runner.isAlive(), () -> "the runner died; its log: " + tail());
            job = json(call("GET", "/api/jobs/" + jobId, consumer, null));
            sawProgress |= job.hasNonNull("progressSamplesPerSecond");
            String state = job.get("state").asText();
            if (state.equals("COMPLETED") || state.equals("FAILED")) {
                break;
            }
            Thread.sleep(500);
        }
        assertNotNull(job);
        assertEquals("COMPLETED", job.get("state").asText(), () -> "job: " + job_(jobId) + "\nrunner log: " + tail());
        assertEquals("it-runner-1", job.get("runnerId").asText());
        assertEquals(5000, job.get("samplesTrained").asLong());
        assertEquals(1, job.get("epochsTrained").asInt());
        assertEquals(2000, job.get("testSamples").asLong());
        assertTrue(ContentIds.isValid(job.get("modelCid").asText()));
        assertTrue(job.get("trainSamplesPerSecond").asDouble() > 100, job.toString());
        assertTrue(sawProgress, "no progress report reached the exchange while training");
        double accuracy = job.get("testAccuracy").asDouble();
        assertTrue(accuracy > 0.70, "test accuracy after 1 epoch on 5,000 images: " + accuracy);
        // the runner's model blob is stored and addressable
        assertEquals(200, call("GET", "/api/blobs/" + job.get("modelCid").asText() + "/info", consumer, null)
                .statusCode());
    }

    private static String job_(String id) {
        try {
            return call("GET", "/api/jobs/" + id, token("consumer"), null).body();
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
