package org.trainex.jobs.ee;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.logging.Logger;
import org.trainex.computemarket.api.TaskReports;
import org.trainex.computemarket.api.TrainingJobs;
import org.trainex.jobs.protocol.JobCodec;
import org.trainex.jobs.protocol.JobQueues;
import org.trainex.jobs.protocol.TaskProgress;

/**
 * Consumes runners' progress reports from {@value JobQueues#PROGRESS} (non-persistent, best effort) and
 * updates the job's live progress (samples/s, epoch, loss, ETA) shown in the portal and the REST API.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = JobQueues.PROGRESS_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2")
})
public class TaskProgressConsumer implements MessageListener {
    private static final Logger LOG = Logger.getLogger(TaskProgressConsumer.class.getName());

    @Inject
    TrainingJobs jobs;

    @Override
    public void onMessage(Message message) {
        TaskProgress progress;
        try {
            if (!(message instanceof TextMessage text)) {
                LOG.warning("dropped a non-text message on " + JobQueues.PROGRESS);
                return;
            }
            progress = JobCodec.decodeProgress(text.getText());
        } catch (JobCodec.MalformedMessageException e) {
            LOG.warning("dropped a malformed progress message: " + e.getMessage());
            return;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read progress message", e);
        }
        jobs.recordProgress(new TaskReports.RecordProgressCommand(progress.taskId(), progress.jobId(),
                progress.runnerId(), progress.samplesDone(), progress.loss(), progress.samplesPerSecond()));
    }
}
