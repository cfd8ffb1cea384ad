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
    /** Tasks for runners: {@link TrainTask}, {@link EvaluateTask}, {@link ClassifyTask}. One at a time per runner. */
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

    /** Address prefix WildFly gives JMS queues (Artemis 1.x naming). */
    public static final String ARTEMIS_ADDRESS_PREFIX = "jms.queue.";

    /** JNDI name of a queue inside the server, e.g. {@code java:/jms/queue/TaskDispatch}. */
    public static String jndiName(String queue) {
        return "java:/jms/queue/" + queue;
    }

    private JobQueues() {
    }
}
