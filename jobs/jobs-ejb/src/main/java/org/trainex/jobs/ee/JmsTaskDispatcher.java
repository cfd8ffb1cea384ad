package org.trainex.jobs.ee;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.trainex.jobs.protocol.JobCodec;
import org.trainex.jobs.protocol.JobQueues;
import org.trainex.jobs.protocol.NoopTask;
import org.trainex.jobs.protocol.RunnerAuth;
import org.trainex.jobs.protocol.Task;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.shared.api.Settings;
import org.trainex.shared.api.TaskDispatcher;
import org.trainex.shared.api.TaskGrants;

/**
 * Sends tasks to the runner fleet over the Artemis queue {@value JobQueues#DISPATCH}, persistent, inside the
 * caller's JTA transaction (the container's JMSContext is XA): the task is visible to runners only if the
 * transaction that dispatched it commits. A task may be targeted at one runner
 * ({@link #dispatch(Task, String)}, property {@value JobQueues#TARGET_RUNNER_PROPERTY}); runners consume with
 * {@link JobQueues#targetSelector(String)}, one task at a time and without prefetch.
 *
 * <p><b>Time-to-live.</b> Untargeted tasks never expire. A targeted task expires after the seconds of the setting
 * {@value #TARGETED_TTL_SETTING} ({@link Settings}: system property
 * {@code trainex.targeted.task.ttl.seconds} or environment variable {@code TRAINEX_TARGETED_TASK_TTL_SECONDS};
 * default {@value #DEFAULT_TARGETED_TTL_SECONDS} s = 1 hour), so a task for a runner that never returns does not
 * stay queued for ever: the broker moves it to the queue's expiry address ({@code jms.queue.ExpiryQueue} in the
 * server's configuration), and the exchange re-dispatches the work elsewhere when the chunk's lease expires. The
 * clock starts at the send (before the commit).
 *
 * <p><b>Priority.</b> {@link NoopTask}s (the dispatch probe) are sent with JMS priority 0, the lowest; every other
 * task with the default, 4. The broker delivers higher priorities first, so real work dispatched while a probe's
 * chunks are queued overtakes them.
 *
 * <p><b>Grants.</b> In the same transaction, the blobs each task names ({@link RunnerAuth#contentIds}) are recorded
 * with {@link TaskGrants}: a runner may download them only for that task (issue 11 item 6; ADR 0012).
 */
@ApplicationScoped
public class JmsTaskDispatcher implements TaskDispatcher {
    private static final Logger LOG = Logger.getLogger(JmsTaskDispatcher.class.getName());
    /** The setting key (see {@link Settings}) of the time-to-live of targeted tasks, seconds. */
    public static final String TARGETED_TTL_SETTING = "targeted.task.ttl.seconds";
    public static final long DEFAULT_TARGETED_TTL_SECONDS = 3600;
    /** JMS priority of noop tasks (the lowest). */
    public static final int NOOP_PRIORITY = 0;

    @Inject
    JMSContext jms;

    @Resource(lookup = JobQueues.DISPATCH_JNDI)
    Queue dispatchQueue;

    @Inject
    TaskGrants grants;

    /** Sends a task that any runner may take. @throws IllegalStateException if JMS refuses the message */
    @Override
    public void dispatch(Task task) {
        dispatch(task, null);
    }

    /**
     * Sends a task meant for one runner, e.g. the runner that holds a FedAvg shard: the message carries the string
     * property {@value JobQueues#TARGET_RUNNER_PROPERTY} = {@code runnerId}, and only the runner registered under
     * that id consumes it (the others' selectors skip it). The task waits on the queue while that runner is busy
     * or gone, also after a redelivery, until its time-to-live ({@link #targetedTimeToLiveMillis()}) runs out; to
     * move it elsewhere, dispatch a new task.
     *
     * @param task     the task
     * @param runnerId the runner id (as in results and {@code PUT /api/runners/{id}}); null: any runner, no expiry
     * @throws IllegalArgumentException if {@code runnerId} is blank
     * @throws IllegalStateException    if JMS refuses the message, or the time-to-live setting is not a positive
     *                                  integer
     */
    @Override
    public void dispatch(Task task, String runnerId) {
        if (runnerId != null && runnerId.isBlank()) {
            throw new IllegalArgumentException("a target runner id must not be blank");
        }
        long ttl = runnerId == null ? 0 : targetedTimeToLiveMillis();
        try {
            send(jms.createProducer(), task, runnerId, ttl);
        } catch (JMSRuntimeException | JMSException e) {
            throw new IllegalStateException("cannot dispatch task " + task.taskId() + ": " + e.getMessage(), e);
        }
        LOG.fine(() -> "dispatched " + task.getClass().getSimpleName() + " " + task.taskId() + " of job "
                + task.jobId() + (runnerId == null ? "" : " to runner " + runnerId + ", time-to-live " + ttl + " ms"));
    }

    /**
     * Sends untargeted tasks in order through one producer of the transaction's JMS session (cheaper than one
     * {@link #dispatch(Task)} each). All or none become visible, with the caller's transaction.
     *
     * @throws IllegalStateException if JMS refuses a message (the transaction rolls back)
     */
    @Override
    public void dispatchAll(List<? extends Task> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        JMSProducer producer = jms.createProducer();
        Task current = null;
        try {
            for (Task task : tasks) {
                current = task;
                send(producer, task, null, 0);
            }
        } catch (JMSRuntimeException | JMSException e) {
            throw new IllegalStateException("cannot dispatch task " + current.taskId() + " (one of " + tasks.size()
                    + "): " + e.getMessage(), e);
        }
        LOG.fine(() -> "dispatched " + tasks.size() + " task(s), the first " + tasks.get(0).taskId());
    }

    private void send(JMSProducer producer, Task task, String runnerId, long ttlMillis) throws JMSException {
        java.util.Set<String> named = RunnerAuth.contentIds(task);
        if (!named.isEmpty()) {
            grants.dispatched(task.taskId(), runnerId, named);
        }
        TextMessage m = jms.createTextMessage(JobCodec.encode(task));
        m.setStringProperty(JobQueues.TASK_TYPE_PROPERTY, TaskResult.Kind.of(task).name().toLowerCase(Locale.ROOT));
        m.setStringProperty(JobQueues.JOB_ID_PROPERTY, task.jobId().toString());
        if (runnerId != null) {
            m.setStringProperty(JobQueues.TARGET_RUNNER_PROPERTY, runnerId);
        }
        producer.setDeliveryMode(DeliveryMode.PERSISTENT)
                .setPriority(task instanceof NoopTask ? NOOP_PRIORITY : Message.DEFAULT_PRIORITY)
                .setTimeToLive(ttlMillis)
                .send(dispatchQueue, m);
    }

    /**
     * The time-to-live of targeted tasks in ms, from the setting {@value #TARGETED_TTL_SETTING} (seconds, default
     * {@value #DEFAULT_TARGETED_TTL_SECONDS}), read at each targeted dispatch.
     *
     * @throws IllegalStateException if the setting is not a positive integer
     */
    public static long targetedTimeToLiveMillis() {
        long seconds = Settings.getLong(TARGETED_TTL_SETTING, DEFAULT_TARGETED_TTL_SECONDS);
        if (seconds > TimeUnit.MILLISECONDS.toSeconds(Long.MAX_VALUE)) {
            throw new IllegalStateException("setting trainex." + TARGETED_TTL_SETTING + " is too large: " + seconds);
        }
        return TimeUnit.SECONDS.toMillis(seconds);
    }
}
