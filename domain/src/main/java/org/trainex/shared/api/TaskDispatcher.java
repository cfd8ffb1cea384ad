package org.trainex.shared.api;

import java.util.List;
import org.trainex.jobs.protocol.Task;

/**
 * Outbound port: hands a task to the runner fleet. Implemented by the jobs module (JMS over Artemis). The send
 * joins the caller's JTA transaction, so a task is dispatched if and only if the domain change that caused it
 * commits (DESIGN.md convention 5).
 */
public interface TaskDispatcher {
    /**
     * Queues the task for one runner.
     *
     * @throws IllegalStateException if the broker cannot take the message (the transaction rolls back)
     */
    void dispatch(Task task);

    /**
     * Queues the task for runner {@code runnerId} only (a chunk of a matched order goes to the runner that won it);
     * {@code null} means any runner. Other runners never receive it; if that runner never comes back, the exchange
     * re-dispatches the work after the chunk's lease (the message expires after the exchange's
     * {@code TRAINEX_TARGETED_TASK_TTL_SECONDS}, default 3,600 s).
     *
     * @throws IllegalArgumentException if {@code runnerId} is blank
     * @throws IllegalStateException    if the broker cannot take the message (the transaction rolls back)
     */
    void dispatch(Task task, String runnerId);

    /**
     * Queues many tasks that any runner may take, in order, as one unit of the caller's transaction: all of them
     * are dispatched if it commits, none if it rolls back. Adapters may send them more cheaply than one
     * {@link #dispatch(Task)} call each (the JMS adapter reuses one producer).
     *
     * @throws IllegalStateException if the broker cannot take a message (the transaction rolls back)
     */
    default void dispatchAll(List<? extends Task> tasks) {
        for (Task task : tasks) {
            dispatch(task);
        }
    }
}
