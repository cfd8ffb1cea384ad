package org.trainex.computemarket.api;

import java.util.List;
import java.util.UUID;

/** The compute market's job facade: queries, and the inbound side of the runner protocol. */
public interface TrainingJobs {
    /**
     * A job whose order the caller may read ({@link Caller#mayRead}).
     *
     * @throws org.trainex.shared.api.NotFoundException if unknown or not the caller's to read
     */
    JobView get(UUID id, Caller caller);

    /** The jobs of the orders the caller may read, newest first (all of them for an admin). */
    List<JobView> list(Caller caller);

    /**
     * Whether {@code modelCid} is a model trained by a job (its final model, or a round's global model) whose order
     * the caller may read: the consumer and the matched providers download their models.
     */
    boolean mayReadModel(String modelCid, Caller caller);

    /**
     * Records a runner's result exactly once: a result for a task that is not current, or that was already
     * recorded, changes nothing but the attempt's record (duplicates and late results are expected with
     * at-least-once delivery). The tasks that follow (aggregation, evaluation, the next round) are dispatched in
     * the same transaction.
     *
     * @return true if the result advanced the job, false if it was ignored
     */
    boolean recordResult(TaskReports.RecordResultCommand result);

    /** Records a progress report of a running chunk attempt (renews its lease); stale or unknown ones are ignored. */
    void recordProgress(TaskReports.RecordProgressCommand progress);
}
