package org.trainex.verification.application;

import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.computemarket.api.JobEvents.JobCompleted;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.trainex.verification.api.VerdictView;
import org.trainex.verification.api.Verifications;
import org.trainex.verification.api.VerificationEvents.WorkVerified;
import org.trainex.verification.domain.Verdict;
import org.trainex.verification.domain.VerdictRepository;

/**
 * The verification seam (issue 12 item 2): every ended job is judged here, and only a VERIFIED verdict is
 * announced as {@link WorkVerified}, which is what lets the compute market settle and mark the escrow verified on
 * chain. Tier {@code none} passes straight through; Proof of Learning and redundancy plug in here (issues 13, 14).
 */
@Stateless
@Local(Verifications.class)
@LocalBean
public class VerificationService implements Verifications {
    private static final Logger LOG = Logger.getLogger(VerificationService.class.getName());

    @Inject
    VerdictRepository verdicts;
    @Inject
    DomainEvents events;

    /**
     * Judges an ended job (once: a job already judged is left as it is) and announces a VERIFIED verdict.
     *
     * @param e the compute market's announcement
     */
    public void jobCompleted(JobCompleted e) {
        if (verdicts.find(e.jobId()).isPresent()) {
            return;
        }
        Verdict v = Verdict.of(e.jobId(), e.orderId(), e.succeeded(), e.verificationTier(), Instant.now());
        verdicts.add(v);
        if (v.outcome() == Verdict.Outcome.VERIFIED) {
            events.publish(new WorkVerified(DomainEvent.idOf("WorkVerified", e.jobId()), e.jobId(), e.orderId(),
                    e.succeeded(), v.tier()));
            LOG.info(() -> "job " + e.jobId() + " (order " + e.orderId() + "): work verified, tier " + v.tier());
        } else {
            LOG.warning(() -> "job " + e.jobId() + " (order " + e.orderId() + "): " + v.toView().note());
        }
    }

    @Override
    public Optional<VerdictView> verdictOfJob(UUID jobId) {
        return verdicts.find(jobId).map(Verdict::toView);
    }
}
