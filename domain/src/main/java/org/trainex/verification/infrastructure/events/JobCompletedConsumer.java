package org.trainex.verification.infrastructure.events;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.trainex.computemarket.api.JobEvents.JobCompleted;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.infrastructure.EventConsumer;
import org.trainex.verification.application.VerificationService;

/**
 * Judges an ended job's work ({@link JobCompleted}, published by the compute market; DESIGN.md convention 5, ADR
 * 0013). Once per event id, in the delivery's transaction.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DomainEvents.QUEUE_JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = "trainexEventType = 'JobCompleted'")
})
public class JobCompletedConsumer extends EventConsumer<JobCompleted> {
    @Inject
    VerificationService verification;

    public JobCompletedConsumer() {
        super(JobCompleted.class);
    }

    @Override
    protected void handle(JobCompleted e) {
        verification.jobCompleted(e);
    }
}
