package org.trainex.computemarket.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.jobs.protocol.TaskProgress;
import org.trainex.jobs.protocol.TaskResult;

class TrainingJobTest {
    private static final String MODEL = ContentIds.of(new byte[] {1, 2, 3});
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final UUID jobId = UUID.randomUUID();
    private final UUID trainTask = UUID.randomUUID();
    private final TrainingJob job = new TrainingJob(jobId, UUID.randomUUID(), trainTask, NOW);

    private TaskResult trained(UUID task) {
        return new TaskResult(task, jobId, "r1", TaskResult.Kind.TRAIN, TaskResult.Status.SUCCEEDED, MODEL, 120000,
                2, 0.35, Double.NaN, 25000, 4800, null);
    }

    private TaskResult evaluated(UUID task, double accuracy) {
        return new TaskResult(task, jobId, "r2", TaskResult.Kind.EVALUATE, TaskResult.Status.SUCCEEDED, MODEL, 10000,
                0, 0.41, accuracy, 90000, 110, null);
    }

    @Test
    void runsThroughTrainingAndEvaluation() {
        assertTrue(job.applyProgress(new TaskProgress(trainTask, jobId, "r1", 1, 2, 30000, 120000, 0.6, 24000, 4, 0),
                NOW));
        assertEquals(TrainingJob.State.TRAINING, job.state());
        assertEquals(0.25, job.toView().progressFraction(), 1e-9);

        UUID evalTask = UUID.randomUUID();
        assertEquals(TrainingJob.Effect.EVALUATION_DUE, job.applyResult(trained(trainTask), true, evalTask, NOW));
        assertEquals(TrainingJob.State.EVALUATING, job.state());
        assertEquals(evalTask, job.evalTaskId());
        assertEquals(MODEL, job.modelCid());

        assertEquals(TrainingJob.Effect.COMPLETED, job.applyResult(evaluated(evalTask, 0.853), true, null, NOW));
        assertEquals(TrainingJob.State.COMPLETED, job.state());
        assertEquals(0.853, job.toView().testAccuracy());
        assertEquals(1.0, job.toView().progressFraction());
    }

    @Test
    void duplicateAndStaleResultsChangeNothing() {
        UUID evalTask = UUID.randomUUID();
        job.applyResult(trained(trainTask), true, evalTask, NOW);
        // the same training result delivered again: ignored, the evaluation task id stays
        assertEquals(TrainingJob.Effect.IGNORED, job.applyResult(trained(trainTask), true, UUID.randomUUID(), NOW));
        assertEquals(evalTask, job.evalTaskId());
        // a result for a task the job never dispatched
        assertEquals(TrainingJob.Effect.IGNORED, job.applyResult(evaluated(UUID.randomUUID(), 0.9), true, null, NOW));
        assertEquals(TrainingJob.Effect.COMPLETED, job.applyResult(evaluated(evalTask, 0.85), true, null, NOW));
        // a duplicate evaluation after completion
        assertEquals(TrainingJob.Effect.IGNORED, job.applyResult(evaluated(evalTask, 0.10), true, null, NOW));
        assertEquals(0.85, job.toView().testAccuracy());
        // progress after training ended is stale
        assertFalse(job.applyProgress(new TaskProgress(trainTask, jobId, "r1", 1, 2, 1, 2, 0.6, 1, 1, 0), NOW));
    }

    @Test
    void failsWhenTheRunnerFailsOrLies() {
        TaskResult failed = TaskResult.failed(new org.trainex.jobs.protocol.EvaluateTask(trainTask, jobId, MODEL,
                new org.trainex.jobs.protocol.DatasetRef(MODEL, MODEL, 1, 1, 1, 2), 1), TaskResult.Kind.TRAIN, "r1",
                10, "out of memory");
        assertEquals(TrainingJob.Effect.FAILED, job.applyResult(failed, false, UUID.randomUUID(), NOW));
        assertTrue(job.failure().contains("out of memory"), job.failure());

        TrainingJob other = new TrainingJob(jobId, UUID.randomUUID(), trainTask, NOW);
        assertEquals(TrainingJob.Effect.FAILED, other.applyResult(trained(trainTask), false, UUID.randomUUID(), NOW));
        assertTrue(other.failure().contains("never uploaded"), other.failure());

        TrainingJob third = new TrainingJob(jobId, UUID.randomUUID(), trainTask, NOW);
        UUID evalTask = UUID.randomUUID();
        third.applyResult(trained(trainTask), true, evalTask, NOW);
        assertEquals(TrainingJob.Effect.FAILED, third.applyResult(evaluated(evalTask, 1.7), true, null, NOW));
    }
}
