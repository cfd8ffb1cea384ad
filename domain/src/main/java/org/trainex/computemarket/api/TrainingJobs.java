package org.trainex.computemarket.api;

import java.util.List;
import java.util.UUID;
import org.trainex.jobs.protocol.TaskProgress;
import org.trainex.jobs.protocol.TaskResult;

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
     * Records a runner's result exactly once: a result for a task that is not the job's current task, or that
     * was already recorded, changes nothing (duplicates and late results are expected with at-least-once
     * delivery). A successful training result dispatches the evaluation task in the same transaction.
     *
     * @return true if the result changed the job, false if it was ignored
     */
    boolean recordResult(TaskResult result);

    /** Records a progress report of the job's current task; stale or unknown reports are ignored. */
    void recordProgress(TaskProgress progress);
}
