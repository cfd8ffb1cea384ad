package org.trainex.runner.messaging;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import java.util.Set;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Opens JMS connections to the exchange's Artemis broker (artemis-jakarta-client).
 *
 * <p>Connection factory settings that the protocol needs, applied over whatever the URL says:
 * <ul>
 *   <li>{@code enable1xPrefixes=true}: {@code session.createQueue("TaskDispatch")} then names the Artemis
 *       address {@code jms.queue.TaskDispatch}, which is where WildFly's messaging subsystem puts a JMS queue
 *       ({@link org.trainex.jobs.protocol.JobQueues#ARTEMIS_ADDRESS_PREFIX}). Without it the Artemis 2.44 client
 *       looks up the plain name first: where queues may be auto-created (the Artemis default) it silently
 *       creates and consumes an empty {@code TaskDispatch} queue; it falls back to the prefixed name only when
 *       auto-creation is off. RunnerIT checks the former case.</li>
 *   <li>{@code consumerWindowSize=0}: no prefetch, so a runner holds at most the one task it is executing and
 *       the others stay available to idle runners (Artemis manual, "Flow Control", slow consumers).</li>
 * </ul>
 * The default URL goes through WildFly's HTTP port with HTTP upgrade
 * ({@code tcp://127.0.0.1:8080?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor}).
 *
 * <p>Artemis' own reconnection stays off (the URL's {@code reconnectAttempts}, default 0; ADR 0014): when the
 * connection fails, {@link TaskLoop} opens a new one itself, and {@link #explain} marks the failures where that may
 * help ({@link BrokerException.Kind#DISCONNECTED}).
 */
public final class BrokerConnector {
    /** Artemis error types of a connection that is gone (or of a session or consumer closed with it). */
    private static final Set<ActiveMQExceptionType> DISCONNECTED = Set.of(ActiveMQExceptionType.NOT_CONNECTED,
            ActiveMQExceptionType.CONNECTION_TIMEDOUT, ActiveMQExceptionType.DISCONNECTED,
            ActiveMQExceptionType.REMOTE_DISCONNECT, ActiveMQExceptionType.UNBLOCKED,
            ActiveMQExceptionType.OBJECT_CLOSED);
    private final String url;
    private final String user;
    private final String password;

    /**
     * @param url      Artemis connector URL
     * @param user     broker (WildFly application realm) user
     * @param password its password; never logged
     */
    public BrokerConnector(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The broker URL (no secret in it). */
    public String url() {
        return url;
    }

    /** The connection factory with the settings above. @throws BrokerException if the URL is malformed */
    public ActiveMQConnectionFactory factory() throws BrokerException {
        ActiveMQConnectionFactory factory;
        try {
            factory = new ActiveMQConnectionFactory(url);
        } catch (RuntimeException e) {
            throw new BrokerException("invalid broker URL '" + url + "': " + e.getMessage(), e);
        }
        factory.setEnable1xPrefixes(true);
        factory.setConsumerWindowSize(0);
        return factory;
    }

    /**
     * Opens a connection (not started).
     *
     * @throws BrokerException with a message that says whether the broker is unreachable or rejects the
     *                         credentials
     */
    public Connection connect() throws BrokerException {
        try {
            return factory().createConnection(user, password);
        } catch (JMSException e) {
            throw explain(e, "connect to");
        }
    }

    /**
     * Turns a JMS exception into a message an operator can act on, with its {@link BrokerException.Kind}:
     * {@code CREDENTIALS_REJECTED} for AMQ229031, {@code DISCONNECTED} when the broker cannot be reached or the
     * connection is gone (Artemis error types NOT_CONNECTED, DISCONNECTED, OBJECT_CLOSED...), else {@code OTHER}.
     */
    BrokerException explain(JMSException e, String doing) {
        String text = messages(e);
        if (e instanceof JMSSecurityException || text.contains("AMQ229031")) {
            return new BrokerException("the broker at " + url + " rejected the credentials of user '" + user
                    + "' (AMQ229031); check --broker-user / --broker-password (TRAINEX_BROKER_USER / "
                    + "TRAINEX_BROKER_PASSWORD) and the broker's user store", e,
                    BrokerException.Kind.CREDENTIALS_REJECTED);
        }
        BrokerException.Kind kind = disconnected(e) ? BrokerException.Kind.DISCONNECTED : BrokerException.Kind.OTHER;
        if (text.contains("AMQ229213") || text.contains("AMQ229032")) {
            return new BrokerException("user '" + user + "' lacks a permission on the broker at " + url + ": "
                    + text, e, kind);
        }
        if (text.contains("AMQ229017") || text.contains("does not exist")) {
            return new BrokerException("a queue is missing on the broker at " + url + " (the runner expects "
                    + "anycast addresses jms.queue.TaskDispatch, jms.queue.TaskResults, jms.queue.TaskProgress): "
                    + text, e, kind);
        }
        if (text.contains("AMQ219007") || text.contains("AMQ219013") || text.contains("Cannot connect")
                || text.contains("Failed to create session factory")) {
            return new BrokerException("cannot reach the broker at " + url + " (" + text + "); check --broker "
                    + "(TRAINEX_BROKER_URL) and that the exchange is running", e, BrokerException.Kind.DISCONNECTED);
        }
        return new BrokerException("could not " + doing + " the broker at " + url + ": " + text, e, kind);
    }

    /** True if an Artemis error type in the cause chain says that the connection is gone or was never made. */
    private static boolean disconnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ActiveMQException a && DISCONNECTED.contains(a.getType())) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message in the cause chain of {@code e}, e.g. {@code AMQ219015: The connection was ...}. */
    static String reason(Throwable e) {
        String reason = String.valueOf(e);
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage().strip();
            }
        }
        return reason;
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && sb.indexOf(t.getMessage()) < 0) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(t.getMessage().strip());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }
}
