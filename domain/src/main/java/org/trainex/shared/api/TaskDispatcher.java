package org.trainex.shared.api;

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
     * re-dispatches the work after the chunk's lease (the message itself does not expire).
     *
     * @throws IllegalArgumentException if {@code runnerId} is blank
     * @throws IllegalStateException    if the broker cannot take the message (the transaction rolls back)
     */
    void dispatch(Task task, String runnerId);
}
