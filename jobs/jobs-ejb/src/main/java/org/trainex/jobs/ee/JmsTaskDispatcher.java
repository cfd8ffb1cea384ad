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
 * transaction that dispatched it commits.
 */
@ApplicationScoped
public class JmsTaskDispatcher implements TaskDispatcher {
    private static final Logger LOG = Logger.getLogger(JmsTaskDispatcher.class.getName());
    /** Message property naming the task type ("train", "evaluate", "classify"), for monitoring and selectors. */
    public static final String TASK_TYPE_PROPERTY = "trainexTaskType";
    /** Message property holding the job id, for monitoring and selectors. */
    public static final String JOB_ID_PROPERTY = "trainexJobId";

    @Inject
    JMSContext jms;

    @Resource(lookup = JobQueues.DISPATCH_JNDI)
    Queue dispatchQueue;

    @Override
    public void dispatch(Task task) {
        try {
            TextMessage m = jms.createTextMessage(JobCodec.encode(task));
            m.setStringProperty(TASK_TYPE_PROPERTY, TaskResult.Kind.of(task).name().toLowerCase(Locale.ROOT));
            m.setStringProperty(JOB_ID_PROPERTY, task.jobId().toString());
            jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(dispatchQueue, m);
            LOG.fine(() -> "dispatched " + task.getClass().getSimpleName() + " " + task.taskId() + " of job "
                    + task.jobId());
        } catch (JMSRuntimeException | jakarta.jms.JMSException e) {
            throw new IllegalStateException("cannot dispatch task " + task.taskId() + ": " + e.getMessage(), e);
        }
    }
}
