package org.trainex.operations.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trainex.operations.api.DispatchProbeView;
import org.trainex.operations.api.DispatchProbes;
import org.trainex.operations.domain.DispatchProbe;
import org.trainex.operations.domain.DispatchProbeRepository;
import org.trainex.jobs.protocol.NoopTask;
import org.trainex.jobs.protocol.Task;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;
import org.trainex.shared.api.TaskDispatcher;

/**
 * The dispatch probe's rules without a container: batches and the window, exactly-once counting of results
 * (duplicates, foreign and undispatched chunks, unknown probes), views. An in-memory repository with the SQL
 * repository's semantics (a result row per (probe, chunk), inserted only for a dispatched chunk of an existing
 * probe) and a dispatcher that records what it was given.
 */
class DispatchProbeServiceTest {
    final FakeRepository repo = new FakeRepository();
    final List<Task> sent = new ArrayList<>();
    final List<UUID> scheduled = new ArrayList<>();
    DispatchProbeService service;

    @BeforeEach
    void setUp() {
        service = new DispatchProbeService();
        service.probes = repo;
        service.dispatcher = new TaskDispatcher() {
            @Override
            public void dispatch(Task task) {
                throw new AssertionError("the probe dispatches in batches");
            }

            @Override
            public void dispatch(Task task, String runnerId) {
                throw new AssertionError("the probe never targets a runner");
            }

            @Override
            public void dispatchAll(List<? extends Task> tasks) {
                sent.addAll(tasks);
            }
        };
        service.scheduler = new DispatchProbeScheduler() {
            @Override
            public void dispatchAfterCommit(UUID probeId) {
                scheduled.add(probeId);
            }
        };
    }

    @AfterEach
    void clearSettings() {
        System.clearProperty("trainex.dispatch-probe.batch");
        System.clearProperty("trainex.dispatch-probe.window");
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        for (int chunks : new int[] {0, -1, DispatchProbes.MAX_CHUNKS + 1, Integer.MIN_VALUE}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> service.start(chunks, "admin"));
            assertTrue(e.getMessage().contains("between 1 and 1000000"), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> service.start(10, " "));
        assertThrows(InvalidInputException.class, () -> service.start(10, null));
        assertThrows(InvalidInputException.class, () -> service.start(10, "x".repeat(101)));
        assertTrue(repo.probes.isEmpty());
        assertTrue(scheduled.isEmpty());
        assertThrows(NotFoundException.class, () -> service.get(UUID.randomUUID()));
        assertThrows(InvalidInputException.class, () -> service.recent(0));
        assertThrows(InvalidInputException.class, () -> service.recent(1001));
        System.setProperty("trainex.dispatch-probe.batch", "0");
        assertThrows(IllegalStateException.class, () -> service.start(10, "admin"), "a bad setting is named");
    }

    @Test
    void startsWithNothingDispatchedAndSchedulesTheDispatch() {
        DispatchProbeView v = service.start(DispatchProbes.MAX_CHUNKS, "admin");
        assertEquals(List.of(v.id()), scheduled);
        assertEquals(DispatchProbeView.DISPATCHING, v.state());
        assertEquals(DispatchProbes.MAX_CHUNKS, v.chunks());
        assertEquals(1_000, v.batchSize());
        assertEquals(0, v.dispatched());
        assertEquals(0, v.completed());
        assertNull(v.firstDispatchAt());
        assertNull(v.chunksPerSecond());
        assertTrue(sent.isEmpty(), "dispatching happens after the commit, in batches");
        assertEquals(1, service.start(1, "admin").chunks());
    }

    @Test
    void dispatchesInBatchesOfDistinctNoopTasksThenStops() {
        UUID id = service.start(2_500, "admin").id();
        List<Integer> sizes = new ArrayList<>();
        DispatchProbeService.Step step;
        int before = 0;
        while ((step = service.dispatchNextBatch(id)) == DispatchProbeService.Step.DISPATCHED) {
            sizes.add(sent.size() - before);
            before = sent.size();
        }
        assertEquals(DispatchProbeService.Step.DONE, step);
        assertEquals(List.of(1_000, 1_000, 500), sizes);
        assertEquals(List.of(0, 1, 2), repo.batches.get(id).stream().map(DispatchProbe.Batch::number).toList());
        assertEquals(List.of(1, 1_001, 2_001), repo.batches.get(id).stream().map(DispatchProbe.Batch::firstSeq).toList());
        DispatchProbe probe = repo.probes.get(id);
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < sent.size(); i++) {
            NoopTask t = (NoopTask) sent.get(i);
            assertEquals(id, t.jobId());
            assertEquals(4, t.taskId().version(), "task ids look like random UUIDs");
            assertEquals(i + 1, probe.seqOf(t.taskId()).getAsInt(), "the task id names its chunk");
            ids.add(t.taskId());
        }
        assertEquals(2_500, ids.size());
        DispatchProbeView v = service.get(id);
        assertEquals(DispatchProbeView.RUNNING, v.state());
        assertEquals(2_500, v.dispatched());
        assertTrue(v.dispatchSeconds() >= 0);
        assertEquals(DispatchProbeService.Step.DONE, service.dispatchNextBatch(UUID.randomUUID()), "unknown probe");
        assertEquals(List.of(), service.unfinished());
    }

    @Test
    void theWindowHoldsDispatchUntilResultsArrive() {
        System.setProperty("trainex.dispatch-probe.batch", "100");
        System.setProperty("trainex.dispatch-probe.window", "300");
        UUID id = service.start(1_000, "admin").id();
        for (int i = 0; i < 3; i++) {
            assertEquals(DispatchProbeService.Step.DISPATCHED, service.dispatchNextBatch(id));
        }
        assertEquals(DispatchProbeService.Step.WINDOW_FULL, service.dispatchNextBatch(id));
        assertEquals(300, sent.size());
        assertEquals(List.of(id), service.unfinished());
        for (int i = 0; i < 99; i++) {
            assertTrue(service.recordResult(result(sent.get(i), "r1")));
        }
        assertEquals(DispatchProbeService.Step.WINDOW_FULL, service.dispatchNextBatch(id), "201 outstanding + 100");
        service.recordResult(result(sent.get(99), "r1"));
        assertEquals(DispatchProbeService.Step.DISPATCHED, service.dispatchNextBatch(id), "200 outstanding");
        assertEquals(400, sent.size());
    }

    @Test
    void cancellingStopsTheDispatchButStillCountsWhatWentOut() {
        UUID id = service.start(3_000, "admin").id();
        assertEquals(DispatchProbeService.Step.DISPATCHED, service.dispatchNextBatch(id));
        DispatchProbeView v = service.cancel(id);
        assertEquals(DispatchProbeView.CANCELLED, v.state());
        assertEquals(1_000, v.dispatched());
        assertEquals(v.cancelledAt(), service.cancel(id).cancelledAt(), "idempotent");
        assertEquals(DispatchProbeService.Step.DONE, service.dispatchNextBatch(id));
        assertEquals(List.of(), service.unfinished());
        assertEquals(1_000, sent.size());
        assertTrue(service.recordResult(result(sent.get(0), "r1")));
        assertEquals(1, service.get(id).completed());
        assertEquals(DispatchProbeView.CANCELLED, service.get(id).state());
        assertThrows(NotFoundException.class, () -> service.cancel(UUID.randomUUID()));
    }

    @Test
    void eachChunkCountsOnceWhateverArrives() {
        System.setProperty("trainex.dispatch-probe.window", "1000000");
        UUID id = service.start(3_000, "admin").id();
        UUID other = service.start(10, "admin").id();
        while (service.dispatchNextBatch(id) == DispatchProbeService.Step.DISPATCHED) {
            // all of them
        }
        List<NoopTask> tasks = sent.stream().map(t -> (NoopTask) t).toList();
        // three runners; every result delivered twice (redeliveries), in a shuffled order
        List<TaskResult> deliveries = new ArrayList<>();
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            String runner = "runner-" + (i % 3 + 1);
            expected.merge(runner, 1L, Long::sum);
            deliveries.add(result(tasks.get(i), runner));
            deliveries.add(result(tasks.get(i), runner));
        }
        Collections.shuffle(deliveries, new Random(7));
        int recorded = 0;
        for (TaskResult r : deliveries) {
            if (service.recordResult(r)) {
                recorded++;
            }
        }
        assertEquals(3_000, recorded, "one per chunk");
        // things that are not chunks of this probe change nothing
        NoopTask first = tasks.get(0);
        assertFalse(service.recordResult(result(new NoopTask(UUID.randomUUID(), id), "runner-1")), "foreign task id");
        assertFalse(service.recordResult(result(new NoopTask(DispatchProbe.taskId(id, 3_001), id), "runner-1")),
                "beyond the probe's chunks");
        assertFalse(service.recordResult(result(new NoopTask(first.taskId(), UUID.randomUUID()), "runner-1")),
                "another probe id");
        UUID unknown = UUID.randomUUID();
        assertFalse(service.recordResult(result(new NoopTask(DispatchProbe.taskId(unknown, 1), unknown), "x")),
                "unknown probe");
        assertFalse(service.recordResult(result(new NoopTask(DispatchProbe.taskId(other, 1), other), "x")),
                "a chunk of another probe that was not dispatched yet");
        TaskResult train = new TaskResult(first.taskId(), id, "runner-1", TaskResult.Kind.TRAIN,
                TaskResult.Status.FAILED, null, 0, 0, Double.NaN, Double.NaN, 0, 1, "no");
        assertThrows(IllegalArgumentException.class, () -> service.recordResult(train));

        DispatchProbeView v = service.get(id);
        assertEquals(DispatchProbeView.COMPLETED, v.state());
        assertEquals(3_000, v.completed());
        assertEquals(0, v.failed());
        assertEquals(expected, v.perRunner());
        assertTrue(v.seconds() >= 0);
        assertEquals(0, service.get(other).completed());
        assertEquals(2, service.recent(10).size());
    }

    @Test
    void failedNoopsCountAsCompletedAndFailed() {
        UUID id = service.start(2, "admin").id();
        service.dispatchNextBatch(id);
        NoopTask a = (NoopTask) sent.get(0);
        NoopTask b = (NoopTask) sent.get(1);
        assertTrue(service.recordResult(TaskResult.failed(a, TaskResult.Kind.NOOP, "r1", 1, "boom")));
        assertFalse(service.recordResult(result(a, "r2")), "a later success of the same chunk counts nothing");
        assertTrue(service.recordResult(result(b, "r2")));
        DispatchProbeView v = service.get(id);
        assertEquals(2, v.completed());
        assertEquals(1, v.failed());
        assertEquals(Map.of("r1", 1L, "r2", 1L), v.perRunner());
    }

    @Test
    void viewsComputeSecondsAndRatesFromTheInstants() {
        DispatchProbe p = new DispatchProbe(UUID.randomUUID(), 20_000, 1_000, "admin", Instant.parse("2026-01-01T00:00:00Z"));
        Instant t0 = Instant.parse("2026-01-01T00:00:01Z");
        for (int i = 0; i < 20; i++) {
            p.dispatchedBatch(t0.plusMillis(100L * i));
        }
        DispatchProbeRepository.Stats s = new DispatchProbeRepository.Stats(20_000, 0,
                t0.plusMillis(12_500), Map.of("a", 12_000L, "b", 8_000L), 2.25, 4.5);
        DispatchProbeView v = DispatchProbeService.view(p, s);
        assertEquals(DispatchProbeView.COMPLETED, v.state());
        assertEquals(1.9, v.dispatchSeconds(), 1e-9);
        assertEquals(12.5, v.seconds(), 1e-9);
        assertEquals(1_600.0, v.chunksPerSecond(), 1e-9);
        assertEquals(2.25, v.latencyP50Seconds());
        assertEquals(4.5, v.latencyP99Seconds());
        DispatchProbeView none = DispatchProbeService.view(p, new DispatchProbeRepository.Stats(0, 0, null, Map.of(),
                null, null));
        assertEquals(DispatchProbeView.RUNNING, none.state());
        assertNull(none.seconds());
        assertNull(none.chunksPerSecond());
    }

    static TaskResult result(Task t, String runner) {
        return TaskResult.noop((NoopTask) t, runner, 0);
    }

    /** The SQL repository's semantics in memory. */
    static final class FakeRepository implements DispatchProbeRepository {
        final Map<UUID, DispatchProbe> probes = new LinkedHashMap<>();
        final Map<UUID, List<DispatchProbe.Batch>> batches = new HashMap<>();
        final Map<UUID, Map<Integer, Row>> results = new HashMap<>();

        record Row(String runnerId, boolean succeeded, Instant at) {
        }

        @Override
        public void add(DispatchProbe probe) {
            probes.put(probe.id(), probe);
        }

        @Override
        public Optional<DispatchProbe> find(UUID id) {
            return Optional.ofNullable(probes.get(id));
        }

        @Override
        public Optional<DispatchProbe> lock(UUID id) {
            return find(id);
        }

        @Override
        public List<DispatchProbe> recent(int limit) {
            return probes.values().stream().sorted(Comparator.comparing(DispatchProbe::startedAt).reversed())
                    .limit(limit).toList();
        }

        @Override
        public List<UUID> unfinished(int limit) {
            return probes.values().stream().filter(p -> !p.dispatchEnded()).map(DispatchProbe::id).limit(limit)
                    .toList();
        }

        @Override
        public void addBatch(UUID probeId, DispatchProbe.Batch batch, Instant at) {
            batches.computeIfAbsent(probeId, k -> new ArrayList<>()).add(batch);
        }

        @Override
        public boolean recordResult(UUID probeId, int seq, UUID taskId, String runnerId, boolean succeeded,
                                    Instant at) {
            DispatchProbe p = probes.get(probeId);
            if (p == null || seq > p.dispatched()) {
                return false;
            }
            assertEquals(DispatchProbe.taskId(probeId, seq), taskId);
            return results.computeIfAbsent(probeId, k -> new HashMap<>()).putIfAbsent(seq,
                    new Row(runnerId, succeeded, at)) == null;
        }

        @Override
        public long completed(UUID probeId) {
            return results.getOrDefault(probeId, Map.of()).size();
        }

        @Override
        public Stats stats(UUID probeId, boolean withLatency) {
            Map<Integer, Row> rows = results.getOrDefault(probeId, Map.of());
            Map<String, Long> perRunner = new TreeMap<>();
            rows.values().forEach(r -> perRunner.merge(r.runnerId(), 1L, Long::sum));
            return new Stats(rows.size(), rows.values().stream().filter(r -> !r.succeeded()).count(),
                    rows.values().stream().map(Row::at).max(Comparator.naturalOrder()).orElse(null), perRunner,
                    null, null);
        }
    }
}
