package org.trainex.runner.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/** The factory settings the protocol needs win over the URL's (no broker needed). */
class BrokerConnectorTest {
    @Test
    void noPrefetchAndOneXPrefixesWhateverTheUrlSays() throws Exception {
        ActiveMQConnectionFactory f = new BrokerConnector(
                "tcp://127.0.0.1:61616?consumerWindowSize=1048576&enable1xPrefixes=false", "u", "p").factory();
        assertEquals(0, f.getConsumerWindowSize(), "consumerWindowSize=0: a runner holds only the task it runs");
        assertTrue(f.isEnable1xPrefixes());
        ActiveMQConnectionFactory plain = new BrokerConnector(
                "tcp://127.0.0.1:8080?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor", "u", "p").factory();
        assertEquals(0, plain.getConsumerWindowSize());
        assertTrue(plain.isEnable1xPrefixes());
        assertEquals(1024 * 1024, new ActiveMQConnectionFactory("tcp://127.0.0.1:61616").getConsumerWindowSize(),
                "Artemis' default window, which would prefetch");
    }
}
