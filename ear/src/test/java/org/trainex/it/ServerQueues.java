package org.trainex.it;

import java.time.Duration;
import java.time.Instant;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * Proof that the server processed what a test sent to one of its JMS queues, read from Artemis' queue metrics over
 * WildFly's management interface (the {@link ManagementClient} Arquillian injects). A "nothing changed" assertion
 * after a duplicate or a replayed message first waits for this proof, instead of sleeping and hoping the consumer
 * was faster than the sleep (issue 11, item 9).
 *
 * <p>Why it is proof: {@code messages-added} counts every message the queue ever took, and {@code message-count}
 * includes the messages being delivered, which leave it only when acknowledged. The result consumer
 * ({@code jobs-ejb TaskResultConsumer}, {@code NOT_SUPPORTED}) is acknowledged after {@code onMessage} returned,
 * i.e. after its transaction committed (or after it dropped a malformed message). So once the queue took the
 * test's messages and holds none, each was processed and whatever it changed is committed.
 */
final class ServerQueues {
    private final ManagementClient management;

    ServerQueues(ManagementClient management) {
        this.management = management;
    }

    /** A runtime attribute ({@code messages-added}, {@code message-count}, ...) of a JMS queue of the server. */
    long metric(String queue, String attribute) throws Exception {
        ModelNode address = Operations.createAddress("subsystem", "messaging-activemq", "server", "default",
                "jms-queue", queue);
        ModelNode op = Operations.createReadAttributeOperation(address, attribute);
        op.get("include-defaults").set(true);
        ModelNode result = management.getControllerClient().execute(op);
        if (!Operations.isSuccessfulOutcome(result)) {
            throw new IllegalStateException("cannot read " + attribute + " of " + queue + ": " + result);
        }
        return Operations.readResult(result).asLong();
    }

    /** How many messages {@code queue} has taken so far: read before sending, pass to {@link #awaitProcessed}. */
    long added(String queue) throws Exception {
        return metric(queue, "messages-added");
    }

    /**
     * Waits (up to {@code timeout}) until {@code queue} has taken at least {@code sent} messages more than
     * {@code addedBefore} and holds none, neither waiting nor in delivery; fails the test otherwise.
     */
    void awaitProcessed(String queue, long addedBefore, int sent, Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        long added = 0;
        long held = -1;
        while (Instant.now().isBefore(end)) {
            added = added(queue) - addedBefore;
            held = metric(queue, "message-count");
            if (added >= sent && held == 0) {
                return;
            }
            Thread.sleep(100);  // poll interval of a condition wait
        }
        throw new AssertionError(queue + " did not process the test's " + sent + " message(s) within "
                + timeout.toSeconds() + " s: " + added + " added since, " + held + " still held");
    }
}
