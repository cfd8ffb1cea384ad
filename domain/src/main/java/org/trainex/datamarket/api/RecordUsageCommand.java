package org.trainex.datamarket.api;

import java.util.List;
import java.util.UUID;

/**
 * "Record usage and pay data fee": a training job (or an admin standing in for one until the compute market
 * settles) states which registry entries it used and how many samples of each, and the data fee to split.
 *
 * @param reference  the job or cause, 1-100 characters, unique (a second record for it is refused)
 * @param payer      ledger account that pays, {@code <kind>:<id>} (e.g. {@code consumer:alice}); default
 *                   {@code consumer:<caller>}
 * @param dataFeeWei the fee in wei, a positive decimal integer string
 * @param entries    the entries used, each once
 */
public record RecordUsageCommand(String reference, String payer, String dataFeeWei, List<Line> entries) {
    /** @param samples samples of the entry the job used, 1..the entry's sample count */
    public record Line(UUID entryId, Long samples) {
    }
}
