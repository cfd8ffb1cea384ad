package org.trainex.computemarket.api;

import java.util.List;
import java.util.UUID;
import org.trainex.jobs.protocol.TaskProgress;
import org.trainex.jobs.protocol.TaskResult;

/** The compute market's job facade: queries, and the inbound side of the runner protocol. */
public interface TrainingJobs {
    /** @throws org.trainex.shared.api.NotFoundException if unknown */
    JobView get(UUID id);

    /** All jobs, newest first. */
    List<JobView> list();

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
