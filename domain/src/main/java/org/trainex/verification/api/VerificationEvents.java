package org.trainex.verification.api;

import java.util.UUID;
import org.trainex.shared.api.DomainEvent;

/** What the verification context announces (DESIGN.md, "Bounded contexts": WorkVerified, WorkRejected, …). */
public final class VerificationEvents {
    private VerificationEvents() {
    }

    /**
     * The verification context accepted a job's work: only this event lets the compute market settle the order's
     * escrow and mark it verified on chain (issue 12 item 2; DKLabs, seed 002, Section 7 step 5: payment follows
     * verification). With tier {@code none} every ended job passes straight through.
     *
     * @param jobSucceeded whether the job completed (false: it failed; its accepted work is paid, the rest
     *                     refunded)
     * @param tier         the verification tier applied
     */
    public record WorkVerified(UUID eventId, UUID jobId, UUID orderId, boolean jobSucceeded, String tier)
            implements DomainEvent {
    }
}
