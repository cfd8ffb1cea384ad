package org.trainex.jobs.ee;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.logging.Logger;
import org.trainex.computemarket.api.DispatchProbes;
import org.trainex.computemarket.api.TrainingJobs;
import org.trainex.datamarket.api.DataRequests;
import org.trainex.jobs.protocol.JobCodec;
import org.trainex.jobs.protocol.JobQueues;
import org.trainex.jobs.protocol.TaskResult;

/**
 * Consumes runners' results from {@value JobQueues#RESULTS} and records each exactly once through the compute
 * market (training, evaluation, FedAvg aggregation; NOOP results go to its dispatch probe) or the data market (the
 * oracle's CLASSIFY checks of proposals) (DESIGN.md convention 5: an MDB named after what it consumes calls an
 * application service). The message is acknowledged only when the recording transaction commits; a failure rolls
 * back and the broker redelivers (up to its limit, then the dead-letter queue). A message that is not a valid
 * result can never succeed: it is logged and dropped.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = JobQueues.RESULTS_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
})
public class TaskResultConsumer implements MessageListener {
    private static final Logger LOG = Logger.getLogger(TaskResultConsumer.class.getName());

    @Inject
    TrainingJobs jobs;
    @Inject
    DataRequests dataRequests;
    @Inject
    DispatchProbes probes;

    @Override
    public void onMessage(Message message) {
        TaskResult result;
        try {
            if (!(message instanceof TextMessage text)) {
                LOG.warning("dropped a non-text message on " + JobQueues.RESULTS + ": " + message);
                return;
            }
            result = JobCodec.decodeResult(text.getText());
        } catch (JobCodec.MalformedMessageException e) {
            LOG.warning("dropped a malformed result message: " + e.getMessage());
            return;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read result message", e);
        }
        switch (result.kind()) {
            case CLASSIFY -> dataRequests.recordOracleResult(result); // the oracle's check of a data proposal
            case TRAIN, EVALUATE, AGGREGATE -> jobs.recordResult(result);  // compute market
            case NOOP -> probes.recordResult(result);  // a chunk of a dispatch probe
            default -> jobs.recordResult(result);  // a kind added later: the compute market decides, nothing dropped
        }
    }
}
