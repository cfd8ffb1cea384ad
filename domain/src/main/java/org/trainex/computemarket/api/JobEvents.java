package org.trainex.computemarket.api;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import org.trainex.shared.api.DomainEvent;

/**
 * What the compute market announces about a training job's end and its bill (DESIGN.md, "Flow of the main job";
 * DKLabs, seed 002, Section 7 steps 3–5).
 */
public final class JobEvents {
    private JobEvents() {
    }

    /**
     * A training job ended: the verification context checks its work and answers with
     * {@code verification.api.WorkVerified}; only then is the escrow settled (issue 12 item 2).
     *
     * @param succeeded        whether the job completed (false: it failed; the work accepted before still counts)
     * @param verificationTier the order's tier: {@code none} (passes straight through), later {@code pol},
     *                         {@code redundant}
     */
    public record JobCompleted(UUID eventId, UUID jobId, UUID orderId, boolean succeeded, String verificationTier)
            implements DomainEvent {
    }

    /**
     * A verified order's bill includes a data fee: the data market records the usage of the registry entries the
     * job trained on and splits the fee into dividends (DataBright, seed 000, Section 2), answering with
     * {@code datamarket.api.DividendEvents.DataUsageRecorded}. The fee is already in the order's escrow.
     *
     * @param reference  the usage's unique reference, {@code order:<orderId>}
     * @param payer      the ledger account the fee is paid from, {@code escrow:<orderId>}
     * @param dataFeeWei the fee (wei, positive)
     * @param entries    registry entries used and samples used of each
     */
    public record DataUsed(UUID eventId, UUID orderId, String reference, String payer, BigInteger dataFeeWei,
                           List<EntryUse> entries) implements DomainEvent {
        public DataUsed {
            entries = List.copyOf(entries);
        }
    }

    /** A registry entry a job trained on, and how many of its samples (samples). */
    public record EntryUse(UUID entryId, long samplesUsed) {
    }
}
