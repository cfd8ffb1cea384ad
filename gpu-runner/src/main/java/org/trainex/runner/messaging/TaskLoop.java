package org.trainex.runner.messaging;

import dev.failsafe.Execution;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.jobs.protocol.JobCodec;
import org.trainex.jobs.protocol.JobQueues;
import org.trainex.jobs.protocol.NoopTask;
import org.trainex.jobs.protocol.Task;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.runner.exchange.Backoff;
import org.trainex.runner.training.ProgressSink;
import org.trainex.runner.training.TaskExecutor;

/**
 * The runner's message loop: takes one task at a time from {@link JobQueues#DISPATCH}, executes it and sends
 * exactly one {@link TaskResult} to {@link JobQueues#RESULTS}.
 *
 * <p>Delivery guarantees:
 * <ul>
 *   <li>The dispatch consumer and the result producer share one <b>transacted</b> session: the result send and
 *       the acknowledgement of the task commit together. If the runner dies while a task runs, nothing is
 *       committed and the broker redelivers the task (to this or another runner; after the broker's
 *       max-delivery-attempts it goes to {@link JobQueues#DEAD_LETTER}). The exchange records results
 *       idempotently by task id.</li>
 *   <li>No prefetch ({@code consumerWindowSize=0}, {@link BrokerConnector}): a runner never holds tasks it is
 *       not executing, neither while idle nor while busy; every other queued task stays available to idle
 *       runners (the broker's delivering count of the queue is at most one per busy runner; RunnerIT checks it
 *       with two runners and a negative control).</li>
 *   <li>Targeted tasks: the dispatch consumer has the selector {@link JobQueues#targetSelector(String)},
 *       {@code trainexRunnerId IS NULL OR trainexRunnerId = '<runnerId>'} (quotes in the id doubled): it takes
 *       untargeted tasks and those whose {@link JobQueues#TARGET_RUNNER_PROPERTY} names this runner, never
 *       those targeted at another runner (they stay queued for it).</li>
 *   <li>A task that fails (bad model, missing blob, digest mismatch...) is answered with a FAILED result and
 *       committed: it would fail again anywhere.</li>
 *   <li>A message that is not a decodable task (not a text message, not JSON, unknown fields) is logged and
 *       committed (acknowledged) without a result: it can never succeed. It does not count as a task.</li>
 *   <li>If the exchange is unavailable ({@link org.trainex.runner.exchange.ExchangeUnavailableException}) the
 *       task is rolled back for redelivery and the loop ends with that exception, unless the broker connection
 *       was lost too (the exchange's WildFly restarting): then the loop reconnects (Broker restarts).</li>
 * </ul>
 * Progress reports go through a second, non-transacted session as non-persistent messages with a
 * time-to-live of {@value #PROGRESS_TTL_MILLIS} ms: losing one costs nothing, and they are not held back until
 * the task commits. Results carry the message properties {@link JobQueues#TASK_ID_PROPERTY},
 * {@link JobQueues#JOB_ID_PROPERTY}, {@link JobQueues#RUNNER_ID_PROPERTY} (this runner), {@link
 * JobQueues#KIND_PROPERTY} and {@link JobQueues#STATUS_PROPERTY}, and the task id as {@code JMSCorrelationID};
 * progress reports the first three.
 *
 * <p><b>Broker restarts.</b> {@link #open()}, the first connection, fails at once (wrong URL, rejected
 * credentials, missing queue). When the connection is lost later (the exchange's WildFly restarts or crashes;
 * noticed by the connection's exception listener or a receive, send or commit failing with a disconnection),
 * {@link #run(long)} logs a warning (the task in hand, if any, was not committed: the broker redelivers it; a
 * task that is running when the connection drops runs to its end first, as the executor cannot be interrupted,
 * and its result is discarded), closes the broken connection without stopping the loop and opens a new one after
 * 1 s, 2 s, 4 s ... at most 30 s apart (one info line per failed attempt, one when it succeeds), then consumes
 * on. It gives up with a {@link BrokerException} once {@code reconnectFor} has passed since the loss (the last
 * attempt is made at that moment), at once when the broker rejects the credentials, and at once when
 * {@code reconnectFor} is zero. {@link #stop()} ends the wait between attempts at once. The delays and limits are
 * the policy {@link Backoff#brokerReconnect} (Failsafe); Artemis' own reconnection stays off (ADR 0014). The guarantees above hold for every connection: each is opened by {@link #open()} with the same
 * transacted session, selector and window 0.
 *
 * <p>All JMS objects are used on the thread that calls {@link #run(long)}; {@link #stop()} and
 * {@link #close()} may be called from another thread (a shutdown hook).
 */
public final class TaskLoop implements AutoCloseable {
    /** Time-to-live of progress messages, ms: stale progress is worthless. */
    public static final long PROGRESS_TTL_MILLIS = 10 * 60 * 1000;
    private static final Logger LOG = LoggerFactory.getLogger(TaskLoop.class);
    private static final long RECEIVE_TIMEOUT_MILLIS = 1000;
    /** Longest wait between two reconnection attempts, s; the first wait is 1 s, doubling up to this. */
    public static final long RECONNECT_BACKOFF_MAX_SECONDS = Backoff.RECONNECT_MAX_DELAY.toSeconds();
    /** Noop tasks (dispatch probe) are logged at DEBUG; one INFO line per this many. */
    static final long NOOP_LOG_EVERY = 10_000;

    private final BrokerConnector connector;
    private final TaskExecutor executor;
    private final String runnerId;
    private final String selector;
    private final Duration reconnectFor;
    /** Counted down by {@link #stop()}: ends a wait between reconnection attempts. */
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile Connection connection;
    private Session taskSession;
    private MessageConsumer dispatch;
    private MessageProducer results;
    private Session progressSession;
    private MessageProducer progress;
    private volatile boolean stopping;
    private volatile boolean busy;
    private volatile UUID currentTaskId;
    private volatile JMSException connectionFailure;
    private long noops;

    /** A loop that does not reconnect: a lost connection ends {@link #run(long)} at once. */
    public TaskLoop(BrokerConnector connector, TaskExecutor executor, String runnerId) {
        this(connector, executor, runnerId, Duration.ZERO);
    }

    /**
     * @param runnerId     this runner's id: written into results and progress, and selects the tasks targeted at it
     * @param reconnectFor how long to keep reconnecting after the connection was lost; zero: do not reconnect
     * @throws IllegalArgumentException if {@code runnerId} is blank or {@code reconnectFor} negative
     */
    public TaskLoop(BrokerConnector connector, TaskExecutor executor, String runnerId, Duration reconnectFor) {
        this.connector = Objects.requireNonNull(connector);
        this.executor = Objects.requireNonNull(executor);
        this.runnerId = Objects.requireNonNull(runnerId);
        this.selector = JobQueues.targetSelector(runnerId);
        if (reconnectFor.isNegative()) {
            throw new IllegalArgumentException("reconnectFor must not be negative: " + reconnectFor);
        }
        this.reconnectFor = reconnectFor;
    }

    /**
     * Connects and opens the consumer and producers.
     *
     * @throws BrokerException unreachable broker, rejected credentials, missing queue or permission
     */
    public void open() throws BrokerException {
        Connection c = connector.connect();
        connection = c;
        connectionFailure = null;
        try {
            c.setExceptionListener(e -> {
                if (connection != c || stopping) {
                    return;  // an old connection, or closed on purpose
                }
                connectionFailure = e;
                UUID task = currentTaskId;
                if (busy && task != null) {
                    LOG.warn("lost the connection to the broker at {} while task {} runs ({}): its result cannot be "
                            + "committed, the broker redelivers the task; {} when it ends", connector.url(), task,
                            BrokerConnector.reason(e), reconnectFor.isZero() ? "stopping" : "reconnecting");
                }
            });
            taskSession = c.createSession(true, Session.SESSION_TRANSACTED);
            Queue dispatchQueue = taskSession.createQueue(JobQueues.DISPATCH);
            dispatch = taskSession.createConsumer(dispatchQueue, selector);
            results = taskSession.createProducer(taskSession.createQueue(JobQueues.RESULTS));
            results.setDeliveryMode(DeliveryMode.PERSISTENT);
            progressSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            progress = progressSession.createProducer(progressSession.createQueue(JobQueues.PROGRESS));
            progress.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            progress.setTimeToLive(PROGRESS_TTL_MILLIS);
            c.start();
            LOG.info("runner {} consuming {} (address {}{}, selector \"{}\"), one task at a time, no prefetch",
                    runnerId, JobQueues.DISPATCH, JobQueues.ARTEMIS_ADDRESS_PREFIX, JobQueues.DISPATCH, selector);
        } catch (JMSException e) {
            closeConnection();
            throw connector.explain(e, "open queues on");
        }
    }

    /**
     * Consumes until {@code maxTasks} tasks were executed ({@code <= 0}: unlimited) or {@link #stop()};
     * reconnects after a lost connection (class comment, Broker restarts).
     *
     * @return the number of tasks executed (results sent)
     * @throws BrokerException the connection was lost and could not be opened again within {@code reconnectFor},
     *                         or a receive, send or commit failed otherwise
     * @throws IOException     the exchange became unavailable (the current task was rolled back)
     */
    public long run(long maxTasks) throws BrokerException, IOException {
        long executed = 0;
        while (!stopping && (maxTasks <= 0 || executed < maxTasks)) {
            String inHand = null;  // what the broker redelivers if the connection is lost now
            try {
                Message message = receive();
                if (message == null) {
                    continue;
                }
                busy = true;
                try {
                    if (handle(message)) {
                        executed++;
                    }
                } catch (BrokerException e) {
                    inHand = currentTaskId != null ? "task " + currentTaskId : "message " + messageId(message);
                    throw e;
                } finally {
                    currentTaskId = null;
                    busy = false;
                }
            } catch (BrokerException e) {
                if (stopping) {
                    break;
                }
                if (!connectionLost(e)) {
                    throw e;
                }
                reconnect(e, inHand);
            }
        }
        return executed;
    }

    /** True if {@code e} or the connection's exception listener says that the connection is gone. */
    private boolean connectionLost(BrokerException e) {
        return e.kind() == BrokerException.Kind.DISCONNECTED || connectionFailure != null;
    }

    /** The next message, or null after {@value #RECEIVE_TIMEOUT_MILLIS} ms without one. */
    private Message receive() throws BrokerException {
        JMSException failure = connectionFailure;
        if (failure != null) {
            throw connector.explain(failure, "stay connected to");
        }
        try {
            return dispatch.receive(RECEIVE_TIMEOUT_MILLIS);
        } catch (JMSException e) {
            throw connector.explain(e, "receive from");
        }
    }

    /**
     * After a lost connection: closes it (without stopping the loop) and opens a new one, waiting 1 s, 2 s, 4 s
     * ... 30 s ({@link #RECONNECT_BACKOFF_MAX_SECONDS}) before the attempts, for at most {@code reconnectFor}
     * ({@link Backoff#brokerReconnect}: a standalone Failsafe execution that counts the loss as its first failure;
     * the waits are on {@link #stopSignal}, so that {@link #stop()} ends them). Returns when connected again or when
     * {@link #stop()} was called.
     *
     * @param lost   the failure
     * @param inHand the task (or message) whose commit failed, null if none
     * @throws BrokerException {@code lost} when reconnecting is off; the broker rejected the credentials; or
     *                         still no connection after {@code reconnectFor}
     */
    private void reconnect(BrokerException lost, String inHand) throws BrokerException {
        JMSException failure = connectionFailure;  // the first sign, if the listener had it (else a closed session)
        String why = BrokerConnector.reason(failure != null ? failure : lost);
        closeConnection();
        if (reconnectFor.isZero()) {
            throw new BrokerException(lost.getMessage() + " (not reconnecting: --reconnect-seconds 0)",
                    lost.getCause(), lost.kind());
        }
        long start = System.nanoTime();
        Execution<Object> reconnecting = Execution.of(Backoff.brokerReconnect(reconnectFor,
                e -> e instanceof BrokerException b && b.kind() == BrokerException.Kind.CREDENTIALS_REJECTED).build());
        LOG.warn("lost the connection to the broker at {} ({}); {}; reconnecting in 1 s, then after 2 s, 4 s ... at "
                        + "most {} s apart, for at most {} s (--reconnect-seconds)", connector.url(), why,
                inHand == null ? "no task was in hand" : inHand + " was not committed: the broker redelivers it",
                RECONNECT_BACKOFF_MAX_SECONDS, reconnectFor.toSeconds());
        reconnecting.recordException(lost);  // the loss is the first failure: the first attempt follows 1 s later
        if (reconnecting.isComplete()) {  // the loss itself was fatal (credentials): nothing to wait for
            throw lost;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                if (stopSignal.await(reconnecting.getDelay().toNanos(), TimeUnit.NANOSECONDS)) {
                    return;  // stop()
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerException("interrupted while reconnecting to the broker at " + connector.url(), e);
            }
            try {
                open();
                LOG.info("reconnected to the broker at {} after {} s ({} attempt(s))", connector.url(),
                        seconds(System.nanoTime() - start), attempt);
                return;
            } catch (BrokerException e) {
                if (stopping) {
                    return;
                }
                reconnecting.recordException(e);
                String elapsed = seconds(System.nanoTime() - start);
                if (e.kind() == BrokerException.Kind.CREDENTIALS_REJECTED) {
                    throw new BrokerException("reconnecting after " + elapsed + " s: " + e.getMessage(),
                            e.getCause(), e.kind());
                }
                if (reconnecting.isComplete()) {
                    throw new BrokerException("gave up reconnecting to the broker at " + connector.url() + " after "
                            + elapsed + " s and " + attempt + " attempt(s) (--reconnect-seconds "
                            + reconnectFor.toSeconds() + "); last error: " + e.getMessage(), e.getCause(), e.kind());
                }
                LOG.info("reconnection attempt {} to the broker at {} failed after {} s ({}); next attempt in {} s",
                        attempt, connector.url(), elapsed, BrokerConnector.reason(e),
                        seconds(reconnecting.getDelay().toNanos()));
            }
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /** @return true if a task was executed and its result committed, false for a discarded message */
    private boolean handle(Message message) throws BrokerException, IOException {
        String id = messageId(message);
        Task task;
        try {
            if (!(message instanceof TextMessage text)) {
                throw new IllegalArgumentException("not a text message but a " + message.getClass().getSimpleName());
            }
            task = JobCodec.decodeTask(text.getText());
        } catch (RuntimeException | JMSException e) {
            String why = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            LOG.warn("discarding message {} that is not a valid task (it can never succeed): {}", id, why);
            commit("acknowledge malformed message " + id);
            return false;
        }
        currentTaskId = task.taskId();
        int deliveries = deliveryCount(message);
        // a dispatch probe sends thousands of noop tasks a second: one log line per task would cost more than the
        // task itself; they are logged at DEBUG, with a count at INFO now and then (a redelivered one at INFO)
        boolean quiet = task instanceof NoopTask && deliveries <= 1;
        if (!quiet || LOG.isDebugEnabled()) {
            String line = "task {} ({}, job {}) received{}";
            Object[] args = {task.taskId(), task.getClass().getSimpleName(), task.jobId(),
                    deliveries > 1 ? ", delivery " + deliveries : ""};
            if (quiet) {
                LOG.debug(line, args);
            } else {
                LOG.info(line, args);
            }
        }
        TaskResult result;
        try {
            result = executor.execute(task, progressSink());
        } catch (IOException e) {
            JMSException lost = connectionFailure;
            if (lost != null) {  // the exchange and its broker are both gone (WildFly restarting): reconnect
                LOG.warn("task {} could not reach the exchange either: {}", task.taskId(), e.getMessage());
                throw connector.explain(lost, "stay connected to");
            }
            LOG.error("task {} rolled back for redelivery: {}", task.taskId(), e.getMessage());
            rollback();
            throw e;
        }
        try {
            TextMessage reply = taskSession.createTextMessage(JobCodec.encode(result));
            reply.setStringProperty(JobQueues.TASK_ID_PROPERTY, result.taskId().toString());
            reply.setStringProperty(JobQueues.JOB_ID_PROPERTY, result.jobId().toString());
            reply.setStringProperty(JobQueues.RUNNER_ID_PROPERTY, runnerId);
            reply.setStringProperty(JobQueues.KIND_PROPERTY, result.kind().name());
            reply.setStringProperty(JobQueues.STATUS_PROPERTY, result.status().name());
            reply.setJMSCorrelationID(result.taskId().toString());
            results.send(reply);
        } catch (JMSException e) {
            BrokerException failure = connector.explain(e, "send a result to");
            if (!connectionLost(failure)) {
                rollback();  // a lost connection is rolled back by the broker
            }
            throw failure;
        }
        commit("commit the result of task " + task.taskId());
        if (quiet) {
            LOG.debug("task {} {} ({} ms)", task.taskId(), result.status(), result.wallMillis());
            if (++noops % NOOP_LOG_EVERY == 1) {
                LOG.info("noop task {} of probe {} answered: {} noop task(s) so far (logged every {})",
                        task.taskId(), task.jobId(), noops, NOOP_LOG_EVERY);
            }
        } else {
            LOG.info("task {} {} ({} ms){}", task.taskId(), result.status(), result.wallMillis(),
                    result.error() == null ? "" : ": " + result.error());
        }
        return true;
    }

    private ProgressSink progressSink() {
        return p -> {
            try {
                TextMessage m = progressSession.createTextMessage(JobCodec.encode(p));
                m.setStringProperty(JobQueues.TASK_ID_PROPERTY, p.taskId().toString());
                m.setStringProperty(JobQueues.JOB_ID_PROPERTY, p.jobId().toString());
                m.setStringProperty(JobQueues.RUNNER_ID_PROPERTY, runnerId);
                progress.send(m);
            } catch (JMSException e) {
                LOG.warn("progress report of task {} not sent: {}", p.taskId(), e.getMessage());
            }
        };
    }

    private void commit(String what) throws BrokerException {
        try {
            taskSession.commit();
        } catch (JMSException e) {
            throw connector.explain(e, what + " on");
        }
    }

    private void rollback() {
        try {
            taskSession.rollback();
        } catch (JMSException e) {
            LOG.warn("rollback failed (the broker rolls back when the connection closes): {}", e.getMessage());
        }
    }

    /**
     * Asks {@link #run(long)} to return after the current receive or task, or at once while it waits to
     * reconnect. Thread-safe.
     */
    public void stop() {
        stopping = true;
        stopSignal.countDown();
    }

    /** True while a task is being executed (from its receipt until its result is committed). Thread-safe. */
    public boolean busy() {
        return busy;
    }

    /**
     * The id of the task being executed, once its message is decoded; empty when idle (and briefly while a
     * received message is being decoded). Thread-safe: the heartbeat reports it.
     */
    public Optional<UUID> currentTaskId() {
        return Optional.ofNullable(currentTaskId);
    }

    /** Stops and closes the connection; an uncommitted task is rolled back by the broker and redelivered. */
    @Override
    public void close() {
        stop();
        closeConnection();
    }

    /** Closes the connection, if any, without stopping the loop (also a broken one, before reconnecting). */
    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (JMSException e) {
                LOG.debug("closing the broker connection: {}", e.getMessage());
            }
        }
    }

    private static String messageId(Message m) {
        try {
            return m.getJMSMessageID();
        } catch (JMSException e) {
            return "?";
        }
    }

    private static int deliveryCount(Message m) {
        try {
            return m.propertyExists("JMSXDeliveryCount") ? m.getIntProperty("JMSXDeliveryCount") : 1;
        } catch (JMSException e) {
            return 1;
        }
    }
}
