package org.trainex.jobs.ee;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.Locale;
import java.util.logging.Logger;
import org.trainex.shared.api.TaskDispatcher;
import org.trainex.jobs.protocol.JobCodec;
import org.trainex.jobs.protocol.JobQueues;
import org.trainex.jobs.protocol.Task;
import org.trainex.jobs.protocol.TaskResult;

/**
 * Sends tasks to the runner fleet over the Artemis queue {@value JobQueues#DISPATCH}, persistent, inside the
 * caller's JTA transaction (the container's JMSContext is XA): the task is visible to runners only if the
 * transaction that dispatched it commits. A task may be targeted at one runner
 * ({@link #dispatch(Task, String)}, property {@value JobQueues#TARGET_RUNNER_PROPERTY}); runners consume with
 * {@link JobQueues#targetSelector(String)}, one task at a time and without prefetch.
 */
@ApplicationScoped
public class JmsTaskDispatcher implements TaskDispatcher {
    private static final Logger LOG = Logger.getLogger(JmsTaskDispatcher.class.getName());
    /** Message property naming the task type ("train", "evaluate", "classify", "aggregate"), for monitoring and
     * selectors. */
    public static final String TASK_TYPE_PROPERTY = "trainexTaskType";
    /** Message property holding the job id, for monitoring and selectors. */
    public static final String JOB_ID_PROPERTY = "trainexJobId";

    @Inject
    JMSContext jms;

    @Resource(lookup = JobQueues.DISPATCH_JNDI)
    Queue dispatchQueue;

    /** Sends a task that any runner may take. @throws IllegalStateException if JMS refuses the message */
    @Override
    public void dispatch(Task task) {
        dispatch(task, null);
    }

    /**
     * Sends a task meant for one runner, e.g. the runner that holds a FedAvg shard: the message carries the string
     * property {@value JobQueues#TARGET_RUNNER_PROPERTY} = {@code runnerId}, and only the runner registered under
     * that id consumes it (the others' selectors skip it). The task waits on the queue while that runner is busy
     * or gone, also after a redelivery; to move it elsewhere, dispatch a new task.
     *
     * @param task     the task
     * @param runnerId the runner id (as in results and {@code PUT /api/runners/{id}}); null: any runner
     * @throws IllegalArgumentException if {@code runnerId} is blank
     * @throws IllegalStateException    if JMS refuses the message
     */
    public void dispatch(Task task, String runnerId) {
        if (runnerId != null && runnerId.isBlank()) {
            throw new IllegalArgumentException("a target runner id must not be blank");
        }
        try {
            TextMessage m = jms.createTextMessage(JobCodec.encode(task));
            m.setStringProperty(TASK_TYPE_PROPERTY, TaskResult.Kind.of(task).name().toLowerCase(Locale.ROOT));
            m.setStringProperty(JOB_ID_PROPERTY, task.jobId().toString());
            if (runnerId != null) {
                m.setStringProperty(JobQueues.TARGET_RUNNER_PROPERTY, runnerId);
            }
            jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(dispatchQueue, m);
            LOG.fine(() -> "dispatched " + task.getClass().getSimpleName() + " " + task.taskId() + " of job "
                    + task.jobId() + (runnerId == null ? "" : " to runner " + runnerId));
        } catch (JMSRuntimeException | jakarta.jms.JMSException e) {
            throw new IllegalStateException("cannot dispatch task " + task.taskId() + ": " + e.getMessage(), e);
        }
    }
}
