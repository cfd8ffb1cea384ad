package org.trainex.jobs.protocol;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobProtocolTest {
    private static final String HELLO_CID = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

    @Test
    void contentIdMatchesIpfsRawLeafCid() {
        // `ipfs add --cid-version 1 --raw-leaves` of the 11 bytes "hello world" gives this CID.
        assertEquals(HELLO_CID, ContentIds.of("hello world".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(ContentIds.isValid(HELLO_CID));
        assertEquals("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
                ContentIds.sha256Hex(HELLO_CID));
    }

    @Test
    void malformedContentIdsAreRejected() {
        assertFalse(ContentIds.isValid(null));
        assertFalse(ContentIds.isValid(""));
        assertFalse(ContentIds.isValid(HELLO_CID.toUpperCase()));
        assertFalse(ContentIds.isValid(HELLO_CID.substring(0, 58) + "1"));
        assertFalse(ContentIds.isValid("Qm" + HELLO_CID.substring(2)));
        assertThrows(IllegalArgumentException.class, () -> BlobPaths.blob("../../etc/passwd"));
    }

    @Test
    void tasksRoundTripWithTheirType() {
        DatasetRef data = new DatasetRef(HELLO_CID, HELLO_CID, 60000, 28, 28, 10);
        Task train = new TrainTask(UUID.randomUUID(), UUID.randomUUID(), "{\"confs\":[]}", null, data, 0, 5000,
                2, 128, 42L);
        String json = JobCodec.encode(train);
        assertTrue(json.contains("\"type\":\"train\""), json);
        assertEquals(train, JobCodec.decodeTask(json));

        Task eval = new EvaluateTask(UUID.randomUUID(), UUID.randomUUID(), HELLO_CID, data, 512);
        assertEquals(eval, JobCodec.decodeTask(JobCodec.encode(eval)));
    }

    @Test
    void classifyTasksAndResultsRoundTrip() {
        DatasetRef reference = new DatasetRef(HELLO_CID, HELLO_CID, 6000, 28, 28, 10);
        DatasetRef candidate = new DatasetRef(ContentIds.of(new byte[] {1}), ContentIds.of(new byte[] {2}), 1000, 28,
                28, 10);
        ClassifyTask task = new ClassifyTask(UUID.randomUUID(), UUID.randomUUID(), "{\"confs\":[]}", reference,
                candidate, 500, 1, 32, 7L);
        String json = JobCodec.encode(task);
        assertTrue(json.contains("\"type\":\"classify\""), json);
        assertFalse(json.contains("sampleIndices"), json);
        Task decoded = JobCodec.decodeTask(json);
        assertEquals(task, decoded);
        assertEquals(TaskResult.Kind.CLASSIFY, TaskResult.Kind.of(decoded));

        TaskResult r = new TaskResult(task.taskId(), task.jobId(), "runner-1", TaskResult.Kind.CLASSIFY,
                TaskResult.Status.SUCCEEDED, HELLO_CID, 500, 1, Double.NaN, 0.84, 90000.0, 1500, null);
        String resultJson = JobCodec.encode(r);
        assertTrue(resultJson.contains("\"kind\":\"CLASSIFY\""), resultJson);
        assertEquals(r, JobCodec.decodeResult(resultJson));
        TaskResult failed = TaskResult.failed(task, TaskResult.Kind.CLASSIFY, "runner-1", 3, "no");
        assertEquals(failed, JobCodec.decodeResult(JobCodec.encode(failed)));
        assertThrows(JobCodec.MalformedMessageException.class,
                () -> JobCodec.decodeResult(resultJson.replace("0.84", "1.5")));
    }

    @Test
    void classifySampleIsDeterministicWithoutReplacement() {
        DatasetRef reference = new DatasetRef(HELLO_CID, HELLO_CID, 6000, 28, 28, 10);
        DatasetRef candidate = new DatasetRef(HELLO_CID, HELLO_CID, 1000, 28, 28, 10);
        ClassifyTask a = new ClassifyTask(UUID.randomUUID(), UUID.randomUUID(), "{}", reference, candidate, 500, 1,
                32, 7L);
        int[] sample = a.sampleIndices();
        assertEquals(500, sample.length);
        assertEquals(500, Arrays.stream(sample).distinct().count());
        assertTrue(Arrays.stream(sample).allMatch(i -> i >= 0 && i < 1000));
        for (int i = 1; i < sample.length; i++) {
            assertTrue(sample[i - 1] < sample[i], "ascending");
        }
        ClassifyTask sameSeed = new ClassifyTask(UUID.randomUUID(), UUID.randomUUID(), "{}", reference, candidate,
                500, 3, 64, 7L);
        assertArrayEquals(sample, sameSeed.sampleIndices());
        ClassifyTask otherSeed = new ClassifyTask(a.taskId(), a.jobId(), "{}", reference, candidate, 500, 1, 32, 8L);
        assertFalse(Arrays.equals(sample, otherSeed.sampleIndices()));
        ClassifyTask all = new ClassifyTask(a.taskId(), a.jobId(), "{}", reference, candidate, 1000, 1, 32, 7L);
        assertEquals(999, all.sampleIndices()[999]);
        // the specified algorithm, independently: java.util.Random(seed), partial Fisher-Yates, sorted
        ClassifyTask small = new ClassifyTask(a.taskId(), a.jobId(), "{}", reference, candidate, 3, 1, 32, 42L);
        java.util.Random rnd = new java.util.Random(42L);
        int[] idx = java.util.stream.IntStream.range(0, 1000).toArray();
        for (int i = 0; i < 3; i++) {
            int j = i + rnd.nextInt(1000 - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] expected = Arrays.copyOf(idx, 3);
        Arrays.sort(expected);
        assertArrayEquals(expected, small.sampleIndices());
    }

    @Test
    void classifyTasksAreValidated() {
        UUID id = UUID.randomUUID();
        DatasetRef reference = new DatasetRef(HELLO_CID, HELLO_CID, 6000, 28, 28, 10);
        DatasetRef candidate = new DatasetRef(HELLO_CID, HELLO_CID, 1000, 28, 28, 10);
        assertThrows(IllegalArgumentException.class,
                () -> new ClassifyTask(id, id, "{}", reference, candidate, 0, 1, 32, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new ClassifyTask(id, id, "{}", reference, candidate, 1001, 1, 32, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new ClassifyTask(id, id, " ", reference, candidate, 10, 1, 32, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new ClassifyTask(id, id, "{}", reference, candidate, 10, 0, 32, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new ClassifyTask(id, id, "{}", reference, candidate, 10, 1, 0, 1));
        assertThrows(NullPointerException.class, () -> new ClassifyTask(id, id, "{}", null, candidate, 10, 1, 32, 1));
        for (DatasetRef other : new DatasetRef[] {new DatasetRef(HELLO_CID, HELLO_CID, 1000, 32, 28, 10),
                new DatasetRef(HELLO_CID, HELLO_CID, 1000, 28, 32, 10),
                new DatasetRef(HELLO_CID, HELLO_CID, 1000, 28, 28, 2)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ClassifyTask(id, id, "{}", reference, other, 10, 1, 32, 1));
            assertTrue(e.getMessage().contains("differ in shape"), e.getMessage());
        }
        String json = JobCodec.encode(new ClassifyTask(id, id, "{}", reference, candidate, 10, 1, 32, 1));
        assertThrows(JobCodec.MalformedMessageException.class,
                () -> JobCodec.decodeTask(json.replace("\"sampleSize\":10", "\"sampleSize\":5000")));
        assertTrue(json.contains("\"classes\":10},\"sampleSize\""), json);  // the candidate's shape
        assertThrows(JobCodec.MalformedMessageException.class,
                () -> JobCodec.decodeTask(json.replace("\"classes\":10},\"sampleSize\"",
                        "\"classes\":3},\"sampleSize\"")));
    }

    @Test
    void resultsAndProgressRoundTrip() {
        TaskResult r = new TaskResult(UUID.randomUUID(), UUID.randomUUID(), "runner-1", TaskResult.Kind.EVALUATE,
                TaskResult.Status.SUCCEEDED, HELLO_CID, 10000, 0, 0.41, 0.853, 25000.0, 400, null);
        assertEquals(r, JobCodec.decodeResult(JobCodec.encode(r)));
        TaskProgress p = new TaskProgress(UUID.randomUUID(), UUID.randomUUID(), "runner-1", 1, 2, 3000, 120000,
                0.7, 24000.0, 5, 1L);
        assertEquals(p, JobCodec.decodeProgress(JobCodec.encode(p)));
        assertEquals(0.025, p.fraction(), 1e-12);
    }

    @Test
    void invalidMessagesFailLoudly() {
        assertThrows(JobCodec.MalformedMessageException.class, () -> JobCodec.decodeTask("{"));
        assertThrows(JobCodec.MalformedMessageException.class, () -> JobCodec.decodeTask("{\"type\":\"mine\"}"));
        DatasetRef data = new DatasetRef(HELLO_CID, HELLO_CID, 100, 28, 28, 10);
        String json = JobCodec.encode(new TrainTask(UUID.randomUUID(), UUID.randomUUID(), "{}", null, data, 0, 0,
                1, 1, 1L));
        // a slice outside the dataset is refused by the record's own check
        assertThrows(JobCodec.MalformedMessageException.class,
                () -> JobCodec.decodeTask(json.replace("\"sampleOffset\":0", "\"sampleOffset\":500")));
        assertThrows(JobCodec.MalformedMessageException.class,
                () -> JobCodec.decodeTask(json.replace("\"epochs\":1", "\"epochs\":1,\"extra\":1")));
    }

    static final String OTHER_CID = ContentIds.of(new byte[] {7});

    @Test
    void aggregateTasksRoundTripWithTheirShape() {
        UUID taskId = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID jobId = UUID.fromString("00000000-0000-0000-0000-000000000002");
        AggregateTask task = new AggregateTask(taskId, jobId, List.of(new AggregateTask.WeightedModel(HELLO_CID, 30000),
                new AggregateTask.WeightedModel(OTHER_CID, 10000)), 3);
        String json = JobCodec.encode(task);
        assertEquals("{\"type\":\"aggregate\",\"taskId\":\"" + taskId + "\",\"jobId\":\"" + jobId + "\","
                + "\"models\":[{\"modelCid\":\"" + HELLO_CID + "\",\"samples\":30000},"
                + "{\"modelCid\":\"" + OTHER_CID + "\",\"samples\":10000}],\"round\":3}", json);
        Task decoded = JobCodec.decodeTask(json);
        assertEquals(task, decoded);
        assertEquals(TaskResult.Kind.AGGREGATE, TaskResult.Kind.of(decoded));
        assertEquals(40000, task.totalSamples());
        assertThrows(UnsupportedOperationException.class, () -> task.models().add(task.models().get(0)));
        // the same model twice is allowed (two runners may return identical models), round 0 too
        AggregateTask twice = new AggregateTask(taskId, jobId, List.of(new AggregateTask.WeightedModel(HELLO_CID, 1),
                new AggregateTask.WeightedModel(HELLO_CID, 1)), 0);
        assertEquals(twice, JobCodec.decodeTask(JobCodec.encode(twice)));

        TaskResult r = new TaskResult(taskId, jobId, "runner-1", TaskResult.Kind.AGGREGATE,
                TaskResult.Status.SUCCEEDED, OTHER_CID, 40000, 0, Double.NaN, Double.NaN, 0, 120, null);
        String resultJson = JobCodec.encode(r);
        assertTrue(resultJson.contains("\"kind\":\"AGGREGATE\""), resultJson);
        assertEquals(r, JobCodec.decodeResult(resultJson));
        TaskResult failed = TaskResult.failed(task, TaskResult.Kind.AGGREGATE, "runner-1", 5, "mismatch");
        assertEquals(failed, JobCodec.decodeResult(JobCodec.encode(failed)));
        // a successful aggregation counts the models' samples
        assertThrows(JobCodec.MalformedMessageException.class,
                () -> JobCodec.decodeResult(resultJson.replace("\"samples\":40000", "\"samples\":0")));
        assertThrows(JobCodec.MalformedMessageException.class,
                () -> JobCodec.decodeResult(resultJson.replace(OTHER_CID, "bafkrei-not-a-cid")));
    }

    @Test
    void aggregateTasksAreValidated() {
        UUID id = UUID.randomUUID();
        AggregateTask.WeightedModel m = new AggregateTask.WeightedModel(HELLO_CID, 5);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new AggregateTask(id, id, List.of(), 1));
        assertEquals("an aggregation needs at least one model", none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AggregateTask(id, id, List.of(m), -1));
        assertThrows(NullPointerException.class, () -> new AggregateTask(id, id, null, 1));
        assertThrows(NullPointerException.class, () -> new AggregateTask(null, id, List.of(m), 1));
        assertThrows(NullPointerException.class, () -> new AggregateTask(id, id, Arrays.asList(m, null), 1));
        assertThrows(IllegalArgumentException.class, () -> new AggregateTask(id, id,
                List.of(new AggregateTask.WeightedModel(HELLO_CID, Long.MAX_VALUE), m), 1));
        assertThrows(IllegalArgumentException.class, () -> new AggregateTask.WeightedModel(HELLO_CID, 0));
        assertThrows(IllegalArgumentException.class, () -> new AggregateTask.WeightedModel(HELLO_CID, -3));
        assertThrows(IllegalArgumentException.class, () -> new AggregateTask.WeightedModel(null, 3));
        IllegalArgumentException badCid = assertThrows(IllegalArgumentException.class,
                () -> new AggregateTask.WeightedModel("Qm123", 3));
        assertTrue(badCid.getMessage().contains("not a CIDv1"), badCid.getMessage());

        String json = JobCodec.encode(new AggregateTask(id, id, List.of(m), 2));
        assertEquals(new AggregateTask(id, id, List.of(m), 2), JobCodec.decodeTask(json));
        for (String bad : List.of(
                json.replace("\"samples\":5", "\"samples\":0"),
                json.replace("\"samples\":5", "\"samples\":-5"),
                json.replace("\"samples\":5", "\"samples\":null"),
                json.replace("\"samples\":5", "\"samples\":\"many\""),
                json.replace(HELLO_CID, HELLO_CID.toUpperCase()),
                json.replace("\"modelCid\":\"" + HELLO_CID + "\",", ""),
                json.replace("\"samples\":5", "\"samples\":5,\"extra\":1"),
                json.replace("\"round\":2", "\"round\":-1"),
                json.replace("\"round\":2", "\"round\":null"),
                json.replaceAll("\\[.*]", "[]"),
                json.replaceAll("\\[.*]", "[null]"),
                json.replaceAll("\\[.*]", "null"),
                json.replaceAll(",\"models\":\\[.*]", ""),
                json.replaceAll("\\[(.*)]", "$1"),
                json.replace("\"aggregate\"", "\"average\""))) {
            assertNotEquals(json, bad);
            assertThrows(JobCodec.MalformedMessageException.class, () -> JobCodec.decodeTask(bad), bad);
        }
    }

    @Test
    void runnersSelectUntargetedTasksAndTheirOwn() {
        assertEquals("trainexRunnerId", JobQueues.TARGET_RUNNER_PROPERTY);
        // the message property names on the wire (dispatcher, runner, monitoring selectors)
        assertEquals("trainexTaskType", JobQueues.TASK_TYPE_PROPERTY);
        assertEquals("trainexJobId", JobQueues.JOB_ID_PROPERTY);
        assertEquals("trainexTaskId", JobQueues.TASK_ID_PROPERTY);
        assertEquals("trainexStatus", JobQueues.STATUS_PROPERTY);
        assertEquals("trainexKind", JobQueues.KIND_PROPERTY);
        assertEquals("trainexRunnerId", JobQueues.RUNNER_ID_PROPERTY);
        assertEquals("trainexRunnerId IS NULL OR trainexRunnerId = 'gpu-1'", JobQueues.targetSelector("gpu-1"));
        assertEquals("trainexRunnerId IS NULL OR trainexRunnerId = 'o''brien''s'",
                JobQueues.targetSelector("o'brien's"));
        assertThrows(IllegalArgumentException.class, () -> JobQueues.targetSelector(null));
        assertThrows(IllegalArgumentException.class, () -> JobQueues.targetSelector(" "));
    }

    @Test
    void noopTasksAndResultsRoundTripWithTheirShape() {
        UUID taskId = UUID.fromString("00000000-0000-0000-0000-000000000011");
        UUID probeId = UUID.fromString("00000000-0000-0000-0000-000000000012");
        NoopTask task = new NoopTask(taskId, probeId);
        String json = JobCodec.encode(task);
        assertEquals("{\"type\":\"noop\",\"taskId\":\"" + taskId + "\",\"jobId\":\"" + probeId + "\"}", json);
        Task decoded = JobCodec.decodeTask(json);
        assertEquals(task, decoded);
        assertEquals(TaskResult.Kind.NOOP, TaskResult.Kind.of(decoded));
        assertThrows(NullPointerException.class, () -> new NoopTask(null, probeId));
        assertThrows(NullPointerException.class, () -> new NoopTask(taskId, null));
        for (String bad : List.of(json.replace(",\"jobId\":\"" + probeId + "\"", ""),
                json.replace("\"jobId\":\"" + probeId + "\"", "\"jobId\":null"),
                json.replace("}", ",\"extra\":1}"),
                json.replace("\"noop\"", "\"nop\""))) {
            assertThrows(JobCodec.MalformedMessageException.class, () -> JobCodec.decodeTask(bad), bad);
        }

        TaskResult r = TaskResult.noop(task, "runner-1", 2);
        assertEquals(TaskResult.Kind.NOOP, r.kind());
        assertEquals(TaskResult.Status.SUCCEEDED, r.status());
        assertNull(r.modelCid());
        assertEquals(0, r.samples());
        assertEquals(taskId, r.taskId());
        assertEquals(probeId, r.jobId());
        String resultJson = JobCodec.encode(r);
        assertTrue(resultJson.contains("\"kind\":\"NOOP\"") && resultJson.contains("\"modelCid\":null"), resultJson);
        assertEquals(r, JobCodec.decodeResult(resultJson));
        TaskResult failed = TaskResult.failed(task, TaskResult.Kind.NOOP, "runner-1", 1, "no");
        assertEquals(failed, JobCodec.decodeResult(JobCodec.encode(failed)));
        // a successful noop names no model; other successful kinds still need one
        assertThrows(JobCodec.MalformedMessageException.class,
                () -> JobCodec.decodeResult(resultJson.replace("\"modelCid\":null", "\"modelCid\":\"" + HELLO_CID + "\"")));
        assertThrows(JobCodec.MalformedMessageException.class,
                () -> JobCodec.decodeResult(resultJson.replace("\"NOOP\"", "\"EVALUATE\"")));
    }

    @Test
    void eachTaskNamesTheBlobsItsRunnerMayFetch() {
        String a = ContentIds.of(new byte[] {1});
        String b = ContentIds.of(new byte[] {2});
        String m = ContentIds.of(new byte[] {3});
        DatasetRef data = new DatasetRef(a, b, 100, 28, 28, 10);
        assertEquals(List.of(m, a, b), List.copyOf(RunnerAuth.contentIds(new TrainTask(UUID.randomUUID(),
                UUID.randomUUID(), "{}", m, data, 0, 10, 1, 10, 1))));
        assertEquals(List.of(a, b), List.copyOf(RunnerAuth.contentIds(new TrainTask(UUID.randomUUID(),
                UUID.randomUUID(), "{}", null, data, 0, 10, 1, 10, 1))), "fresh weights: no model");
        assertEquals(List.of(m, a, b), List.copyOf(RunnerAuth.contentIds(new EvaluateTask(UUID.randomUUID(),
                UUID.randomUUID(), m, data, 10))));
        assertEquals(List.of(m), List.copyOf(RunnerAuth.contentIds(new AggregateTask(UUID.randomUUID(),
                UUID.randomUUID(), List.of(new AggregateTask.WeightedModel(m, 5), new AggregateTask.WeightedModel(m, 6)),
                0))), "the same model twice is one blob");
        assertTrue(RunnerAuth.contentIds(new NoopTask(UUID.randomUUID(), UUID.randomUUID())).isEmpty());
    }
}
