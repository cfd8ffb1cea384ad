package org.trainex.jobs.ee;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.logging.Logger;
import org.trainex.computemarket.api.TaskReports;
import org.trainex.operations.api.DispatchProbes;
import org.trainex.computemarket.api.TrainingJobs;
import org.trainex.datamarket.api.DataRequests;
import org.trainex.jobs.protocol.JobCodec;
import org.trainex.jobs.protocol.JobQueues;
import org.trainex.jobs.protocol.TaskResult;

/**
 * Consumes runners' results from {@value JobQueues#RESULTS} and records each exactly once through the compute
 * market (training, evaluation, FedAvg aggregation; NOOP results go to its dispatch probe) or the data market (the
 * oracle's CLASSIFY checks of proposals) (DESIGN.md convention 5: an MDB named after what it consumes calls an
 * application service).
 *
 * <p><b>Delivery: at least once, recorded once.</b> The delivery is not part of a JTA transaction
 * ({@code NOT_SUPPORTED}): the application service records the result in its own transaction (database changes and
 * any tasks it dispatches commit together), and the Artemis resource adapter acknowledges the message only after
 * {@code onMessage} returns, i.e. after that transaction committed. If recording throws, the adapter rolls its
 * session back and the broker redelivers the message (up to the queue's {@code max-delivery-attempts}, then the
 * dead-letter queue); if the server dies between the commit and the acknowledgement, the broker redelivers a result
 * that is already recorded. Every recorder is therefore idempotent by task id: a TrainingJob's state machine ignores
 * a result its state has passed, a FedAvg chunk accepts one DONE attempt per slot and records the rest as LATE
 * (unique index), a proposal records one oracle check per task, and a dispatch probe inserts a chunk's row with
 * {@code ON CONFLICT DO NOTHING}. This avoids an XA two-phase commit (broker + database, with a transaction-log
 * write) per result, which was a quarter of the server's CPU per chunk (docs/benchmarks.md, "Dispatch throughput";
 * ADR 0008). A message that is not a valid result can never succeed: it is logged and dropped.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = JobQueues.RESULTS_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TaskResultConsumer implements MessageListener {
    private static final Logger LOG = Logger.getLogger(TaskResultConsumer.class.getName());

    @Inject
    TrainingJobs jobs;
    @Inject
    DataRequests dataRequests;
    @Inject
    DispatchProbes probes;
    @Inject
    org.trainex.shared.api.TaskGrants grants;

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
            case TRAIN -> jobs.recordResult(command(result, TaskReports.TaskKind.TRAIN));  // compute market
            case AGGREGATE -> jobs.recordResult(command(result, TaskReports.TaskKind.AGGREGATE));
            case EVALUATE -> jobs.recordResult(command(result, TaskReports.TaskKind.EVALUATE));
            case NOOP -> probes.recordResult(result);  // a chunk of a dispatch probe
            default -> LOG.warning(() -> "dropped a " + result.kind() + " result of task " + result.taskId()
                    + ": no context records that kind");
        }
        // after the result is recorded: its runner may no longer download blobs for this task (issue 11 item 6)
        grants.finished(result.taskId());
    }

    /** The compute market's command for a result of one of a job's tasks (the wire record stays in this module). */
    static TaskReports.RecordResultCommand command(TaskResult r, TaskReports.TaskKind kind) {
        return new TaskReports.RecordResultCommand(r.taskId(), r.jobId(), r.runnerId(), kind,
                r.status() == TaskResult.Status.SUCCEEDED, r.modelCid(), r.samples(), r.loss(), r.accuracy(),
                r.samplesPerSecond(), r.wallMillis(), r.error());
    }
}
