package org.trainex.computemarket.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one job life cycle (issue 12 item 4): FedAvg rounds, the last round's evaluation, or a failure. */
class TrainingJobTest {
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    final TrainingJob job = new TrainingJob(UUID.randomUUID(), UUID.randomUUID(), 2, NOW);

    @Test
    void runsItsRoundsThenTheLastEvaluationCompletesIt() {
        assertEquals(TrainingJob.State.QUEUED, job.state());
        job.roundStarted(1, NOW);
        assertEquals(TrainingJob.State.TRAINING, job.state());
        job.roundStarted(2, NOW);
        assertEquals(2, job.currentRound());
        job.lastRoundAggregated("bafkreiglobal", 24_000, 0.42, NOW);
        assertEquals(TrainingJob.State.EVALUATING, job.state());
        job.completed(2_000, 0.86, 0.39, NOW.plusSeconds(5));
        assertEquals(TrainingJob.State.COMPLETED, job.state());
        assertTrue(job.ended());
        var view = job.toView(List.of(), List.of());
        assertEquals(0.86, view.testAccuracy());
        assertEquals(1.0, view.progressFraction());
        assertEquals("bafkreiglobal", view.modelCid());
    }

    @Test
    void aFailureEndsItOnceAndNothingRunsAfter() {
        job.roundStarted(1, NOW);
        assertTrue(job.failed("round 1 slot 0 failed 5 times", NOW));
        assertFalse(job.failed("again", NOW), "a second failure changes nothing");
        assertEquals("round 1 slot 0 failed 5 times", job.failure());
        assertThrows(IllegalStateException.class, () -> job.roundStarted(2, NOW));
        assertThrows(IllegalStateException.class, () -> job.completed(1, 0.5, 0.5, NOW));
    }

    @Test
    void onlyAnEvaluatingJobCompletesAndAJobHasRounds() {
        job.roundStarted(1, NOW);
        assertThrows(IllegalStateException.class, () -> job.completed(1, 0.5, 0.5, NOW));
        assertThrows(IllegalArgumentException.class, () -> new TrainingJob(UUID.randomUUID(), UUID.randomUUID(), 0,
                NOW));
    }
}
