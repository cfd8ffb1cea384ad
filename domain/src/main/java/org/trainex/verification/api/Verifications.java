package org.trainex.verification.api;

import java.util.Optional;
import java.util.UUID;
import org.trainex.shared.api.CrossContext;

/**
 * The verification context's published queries (DESIGN.md, "Bounded contexts": ProofOfLearning, VerificationTask,
 * RedundancyGroup, Challenge, ExposureLedger arrive with the verification issues).
 */
@CrossContext
public interface Verifications {
    /** The verdict on a job's work, if the job has ended. */
    Optional<VerdictView> verdictOfJob(UUID jobId);
}
