package org.trainex.jobs.protocol;

/**
 * Queue names shared by the exchange and the runners (DESIGN.md convention 9).
 *
 * <p>Inside WildFly each queue is bound at {@code java:/jms/queue/<Name>} and exported for remote clients at
 * {@code java:jboss/exported/jms/queue/<Name>}. WildFly's messaging subsystem prefixes the Artemis address
 * with {@value #ARTEMIS_ADDRESS_PREFIX}; standalone clients connect with {@code enable1xPrefixes=true} so
 * that the plain name below resolves to that address.
 */
public final class JobQueues {
    /**
     * Tasks for runners: {@link TrainTask}, {@link EvaluateTask}, {@link ClassifyTask}, {@link AggregateTask},
     * {@link NoopTask}. One
     * at a time per runner, without prefetch; a message may be meant for one runner
     * ({@link #TARGET_RUNNER_PROPERTY}).
     */
    public static final String DISPATCH = "TaskDispatch";
    /** Exactly one {@link TaskResult} per finished task, sent by the runner that executed it. */
    public static final String RESULTS = "TaskResults";
    /** {@link TaskProgress} reports while a task runs (samples/s, epoch, loss, ETA). */
    public static final String PROGRESS = "TaskProgress";
    /** Where the broker moves a message after the redelivery limit. */
    public static final String DEAD_LETTER = "TaskDeadLetter";

    /** JNDI names inside the server (compile-time constants, usable in annotations). */
    public static final String DISPATCH_JNDI = "java:/jms/queue/" + DISPATCH;
    public static final String RESULTS_JNDI = "java:/jms/queue/" + RESULTS;
    public static final String PROGRESS_JNDI = "java:/jms/queue/" + PROGRESS;

    /**
     * JMS string property of a {@link #DISPATCH} message naming the runner (its runner id, as it registers with the
     * exchange and writes into results) that the task is meant for, e.g. the runner that holds a FedAvg shard.
     * Absent (or null): any runner may take the task. A runner consumes with the selector
     * {@link #targetSelector(String)}, so a task targeted at another runner stays on the queue for that runner
     * (also when it is redelivered after a crash: the exchange must dispatch it again to reassign it). The
     * exchange gives targeted tasks a JMS time-to-live (setting {@code TRAINEX_TARGETED_TASK_TTL_SECONDS}, default
     * 3,600 s): a task for a runner that never returns expires (the broker moves it to its expiry address,
     * {@code jms.queue.ExpiryQueue} in WildFly's configuration) instead of staying queued for ever, while the
     * exchange re-dispatches the work elsewhere when its lease expires. Untargeted tasks never expire.
     *
     * <p>The same property name is set on {@link #RESULTS} and {@link #PROGRESS} messages, where it names the
     * runner that sent them.
     */
    public static final String TARGET_RUNNER_PROPERTY = "trainexRunnerId";

    /*
     * Message properties (JMS string properties, Jakarta Messaging 3.1 section 3.5) for monitoring and selectors.
     * The body is always the record itself (JobCodec); these only repeat a few of its fields where a selector or a
     * broker console can see them. Every property name of the protocol is defined here, once.
     */

    /**
     * String property of a {@link #DISPATCH} message: the task type as in its JSON {@code type}, i.e. the lower-case
     * {@link TaskResult.Kind} name ({@code "train"}, {@code "evaluate"}, {@code "classify"}, {@code "aggregate"},
     * {@code "noop"}). Set by the exchange's dispatcher.
     */
    public static final String TASK_TYPE_PROPERTY = "trainexTaskType";
    /**
     * String property holding the job id (a UUID) of the task a message is about: set on {@link #DISPATCH} messages
     * by the exchange, on {@link #RESULTS} and {@link #PROGRESS} messages by the runner.
     */
    public static final String JOB_ID_PROPERTY = "trainexJobId";
    /**
     * String property of {@link #RESULTS} and {@link #PROGRESS} messages: the task id (a UUID). A result's
     * {@code JMSCorrelationID} is the task id too.
     */
    public static final String TASK_ID_PROPERTY = "trainexTaskId";
    /**
     * String property of {@link #RESULTS} messages: the {@link TaskResult.Status} name ({@code "SUCCEEDED"},
     * {@code "FAILED"}).
     */
    public static final String STATUS_PROPERTY = "trainexStatus";
    /**
     * String property of {@link #RESULTS} messages: the {@link TaskResult.Kind} name, upper case ({@code "TRAIN"},
     * {@code "EVALUATE"}, {@code "CLASSIFY"}, {@code "AGGREGATE"}, {@code "NOOP"}).
     */
    public static final String KIND_PROPERTY = "trainexKind";
    /**
     * String property of {@link #RESULTS} and {@link #PROGRESS} messages: the id of the runner that sent them. The
     * same name as {@link #TARGET_RUNNER_PROPERTY}, which on a {@link #DISPATCH} message names the runner the task
     * is meant for.
     */
    public static final String RUNNER_ID_PROPERTY = "trainexRunnerId";

    /** Address prefix WildFly gives JMS queues (Artemis 1.x naming). */
    public static final String ARTEMIS_ADDRESS_PREFIX = "jms.queue.";

    /** JNDI name of a queue inside the server, e.g. {@code java:/jms/queue/TaskDispatch}. */
    public static String jndiName(String queue) {
        return "java:/jms/queue/" + queue;
    }

    /**
     * The JMS message selector (SQL-92 subset, Jakarta Messaging 3.1, section 3.8.1.1) with which runner
     * {@code runnerId} consumes {@link #DISPATCH}: untargeted tasks and tasks targeted at it, e.g.
     * {@code trainexRunnerId IS NULL OR trainexRunnerId = 'gpu-1'}. A single quote in the id is doubled, as a
     * selector string literal requires ({@code o'brien} gives {@code 'o''brien'}).
     *
     * @throws IllegalArgumentException if {@code runnerId} is null or blank
     */
    public static String targetSelector(String runnerId) {
        if (runnerId == null || runnerId.isBlank()) {
            throw new IllegalArgumentException("a runner id is required");
        }
        return TARGET_RUNNER_PROPERTY + " IS NULL OR " + TARGET_RUNNER_PROPERTY + " = '"
                + runnerId.replace("'", "''") + "'";
    }

    private JobQueues() {
    }
}
