package org.trainex.it;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.trainex.jobs.protocol.JobQueues;

/** A test's own connection to the server's Artemis broker, as a runner connects (user runner, HTTP upgrade). */
final class Broker implements AutoCloseable {
    private final Connection connection;
    final Session session;

    Broker() throws JMSException {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(TestEnvironment.BROKER
                + "&enable1xPrefixes=true&consumerWindowSize=0");
        connection = cf.createConnection(TestEnvironment.env("TRAINEX_BROKER_USER", "runner"),
                TestEnvironment.env("TRAINEX_BROKER_PASSWORD", "runner-dev-password"));
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        connection.start();
    }

    void send(String queue, String text) throws JMSException {
        try (MessageProducer p = session.createProducer(session.createQueue(queue))) {
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            p.send(session.createTextMessage(text));
        }
    }

    /** The next dispatched task of one job, or null after {@code timeoutMillis}. */
    String receiveTask(String jobId, long timeoutMillis) throws JMSException {
        try (MessageConsumer c = session.createConsumer(session.createQueue(JobQueues.DISPATCH),
                "trainexJobId = '" + jobId + "'")) {
            TextMessage m = (TextMessage) c.receive(timeoutMillis);
            return m == null ? null : m.getText();
        }
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
