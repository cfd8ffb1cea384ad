package org.trainex.computemarket.application;

import java.time.Instant;
import java.util.logging.Logger;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.trainex.computemarket.api.JobEvents.JobCompleted;
import org.trainex.computemarket.domain.TrainingJob;
import org.trainex.computemarket.domain.TrainingOrder;
import org.trainex.computemarket.domain.TrainingOrderRepository;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;

/**
 * The end of a FedAvg job, completed or failed: the job and its order record it and {@link JobCompleted} announces
 * it in the same transaction. The verification context judges the work and only its {@code WorkVerified} lets the
 * escrow be settled (issue 12 item 2); a failed job's accepted work is paid and the rest refunded.
 */
@Stateless
@LocalBean
public class JobOutcomes {
    private static final Logger LOG = Logger.getLogger(JobOutcomes.class.getName());

    @Inject
    TrainingOrderRepository orders;
    @Inject
    DomainEvents events;

    /** The last round's evaluation completed the job (test accuracy in [0, 1], on {@code samples} samples). */
    public void completed(TrainingJob job, long samples, double accuracy, double loss, Instant now) {
        job.completed(samples, accuracy, loss, now);
        orders.find(job.orderId()).ifPresent(o -> o.finish(true));
        LOG.info(() -> String.format("job %s completed after %d round(s): test accuracy %.4f", job.id(),
                job.rounds(), accuracy));
        ended(job, true);
    }

    /** The job cannot go on (a slot failed too often, a task failed, no runner came back): FAILED, once. */
    public void fail(TrainingJob job, String reason, Instant now) {
        if (job.failed(reason, now)) {
            orders.find(job.orderId()).ifPresent(o -> o.finish(false));
            LOG.warning(() -> "job " + job.id() + " failed: " + reason);
            ended(job, false);
        }
    }

    private void ended(TrainingJob job, boolean succeeded) {
        String tier = orders.find(job.orderId()).map(TrainingOrder::verificationTier).orElse("none");
        events.publish(new JobCompleted(DomainEvent.idOf("JobCompleted", job.id()), job.id(), job.orderId(),
                succeeded, tier));
    }
}
