package org.trainex.datamarket.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Usage of registry data and the dividends it pays (DataBright, seed 000, Section 2: contributors earn a dividend
 * every time their data trains a model; issue 4 item 5).
 */
public interface Dividends {
    /**
     * A usage record.
     *
     * @param dataFeeWei decimal wei
     * @param lines      per entry: samples used and dividend (decimal wei); dividends sum to the fee
     * @param txHash     the on-chain payment ({@code ComputeEscrow.payDataFee}) once confirmed
     */
    record UsageView(UUID id, String reference, String payer, String dataFeeWei, String usageDigest, Instant createdAt,
                     List<LineView> lines, String txHash, Long blockNumber) {
    }

    /** A line of a usage record. */
    record LineView(UUID entryId, long samplesUsed, String contributorWallet, String dividendWei) {
    }

    /**
     * What a contributor earns, over every wallet it used in its proposals.
     *
     * @param wallets        the contributor's wallets
     * @param entries        its registry entries (shares = samples)
     * @param usage          per entry: how often used, samples used, dividends (decimal wei)
     * @param payouts        each dividend received, oldest first
     * @param totalWei       sum of dividends (decimal wei)
     * @param ledgerBalance  balance of the wallets' ledger accounts (decimal wei); equals totalWei while dividends
     *                       are the only postings
     */
    record EarningsView(List<String> wallets, List<RegistryEntryView> entries, List<EntryEarnings> usage,
                        List<Payout> payouts, String totalWei, String ledgerBalance) {
    }

    /** Earnings of one entry. */
    record EntryEarnings(UUID entryId, String wallet, long shares, int timesUsed, long samplesUsed,
                         String dividendsWei) {
    }

    /** One dividend. */
    record Payout(Instant at, String reference, UUID entryId, String wallet, String amountWei, String txHash) {
    }

    /**
     * Records a usage and pays its data fee: split pro rata to samples used per entry ({@code DividendSplit}), one
     * balanced ledger journal (payer debited, each contributor's {@code wallet:} account credited) and one chain
     * command ({@link org.trainex.shared.api.ChainCommand.PayDataFee}), all in one transaction.
     *
     * @throws org.trainex.shared.api.InvalidInputException if a field is missing or malformed, the fee is not a
     *                                                      positive integer, an entry repeats or its samples are
     *                                                      outside 1..its sample count, or the reference was used;
     *                                                      nothing is stored
     * @throws org.trainex.shared.api.NotFoundException     if an entry is unknown
     */
    UsageView recordUsage(RecordUsageCommand command, String recordedBy);

    /** Newest first. */
    List<UsageView> usages();

    /** A contributor's shares, usage and dividends. */
    EarningsView earnings(String contributor);
}
