package org.trainex.datamarket.application;

import org.trainex.shared.api.ChainReceipt;
import org.trainex.computemarket.api.JobEvents;
import org.trainex.datamarket.api.DividendEvents;
import org.trainex.datamarket.api.DividendEvents.DataUsageRecorded;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.api.WalletAddress;
import org.trainex.shared.api.ChainCommand;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.datamarket.api.Dividends;
import org.trainex.datamarket.api.RecordUsageCommand;
import org.trainex.datamarket.api.Registry;
import org.trainex.datamarket.api.RegistryEntryView;
import org.trainex.datamarket.domain.DataUsage;
import org.trainex.datamarket.domain.DataUsageRepository;
import org.trainex.datamarket.domain.DividendSplit;
import org.trainex.datamarket.domain.RegistryEntry;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.shared.api.ChainKeys;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.Ledger;
import org.trainex.shared.api.NotFoundException;

/**
 * Records which registry entries a training job used and pays its data fee as dividends (DataBright, seed 000,
 * Section 2; issue 4 item 5): the fee is split pro rata to the samples used of each entry ({@link DividendSplit},
 * exact in wei), posted to the ledger (payer debited, each contributor's {@code wallet:<address>} account credited)
 * and paid on chain through {@code ComputeEscrow.payDataFee}, all in the caller's transaction.
 */
@Stateless
@Local(Dividends.class)
@LocalBean // also injected as itself by its event consumer
public class DividendService implements Dividends {
    private static final Logger LOG = Logger.getLogger(DividendService.class.getName());
    /** Ledger journal kind of a data fee. */
    public static final String JOURNAL_KIND = "DATA_FEE";

    @Inject
    DataUsageRepository usages;
    @Inject
    Registry registry;
    @Inject
    Ledger ledger;
    @Inject
    ChainOutbox outbox;
    @Inject
    DomainEvents events;

    @Override
    public UsageView recordUsage(RecordUsageCommand c, String recordedBy) {
        return record(c, recordedBy, true);
    }

    /**
     * Records a usage whose data fee a compute order's escrow pays ({@code DataUsed}, issue 5 item 5): the same
     * split, validation and ledger journal as {@link #recordUsage} (the payer is the escrow account,
     * {@code escrow:<orderId>}), but no chain command: the escrow's {@code release} pays the dividends, and its
     * confirmation announces {@code DataFeePaid}. Answers with {@link DataUsageRecorded}, in this transaction.
     *
     * @throws InvalidInputException if the usage is malformed or its reference was used (nothing is stored)
     * @throws org.trainex.shared.api.NotFoundException if an entry is unknown
     */
    public void recordEscrowedUsage(JobEvents.DataUsed used) {
        UsageView u = record(new RecordUsageCommand(used.reference(), used.payer(), used.dataFeeWei().toString(),
                used.entries().stream().map(e -> new RecordUsageCommand.Line(e.entryId(), e.samplesUsed())).toList()),
                "exchange", false);
        events.publish(new DataUsageRecorded(DomainEvent.idOf("DataUsageRecorded", u.id()), used.orderId(), u.id(),
                u.usageDigest(), u.lines().stream().map(l -> new DividendEvents.Dividend(l.entryId(), l.samplesUsed(),
                l.contributorWallet(), new BigInteger(l.dividendWei()))).toList()));
    }

    /**
     * Largest data fee of one usage record: 10^27 wei (10^9 ether), far above any real fee and far below where
     * the pro-rata split's products (fee x samples, at most 10^27 x 2^63) could strain anything (issue 11 item 4).
     */
    public static final BigInteger MAX_DATA_FEE_WEI = BigInteger.TEN.pow(27);

    private UsageView record(RecordUsageCommand c, String recordedBy, boolean payOnChain) {
        if (c == null || c.reference() == null || c.reference().isBlank() || c.reference().length() > 100) {
            throw new InvalidInputException("reference is required (1-100 characters)");
        }
        if (c.dataFeeWei() == null || !c.dataFeeWei().matches("[0-9]{1,78}")) {
            throw new InvalidInputException("dataFeeWei must be a positive decimal integer of wei");
        }
        BigInteger fee = new BigInteger(c.dataFeeWei());
        if (fee.signum() <= 0 || fee.compareTo(MAX_DATA_FEE_WEI) > 0) {
            throw new InvalidInputException("dataFeeWei must be positive and at most 10^27 wei (10^9 ether), got "
                    + fee);
        }
        if (c.entries() == null || c.entries().isEmpty()) {
            throw new InvalidInputException("entries must list at least one registry entry used");
        }
        String payer = c.payer() == null || c.payer().isBlank() ? "consumer:" + recordedBy : c.payer().strip();
        String reference = c.reference().strip();
        if (usages.byReference(reference).isPresent()) {
            throw new InvalidInputException("usage " + reference + " was already recorded");
        }
        Set<UUID> seen = new HashSet<>();
        List<RegistryEntry> entries = new ArrayList<>();
        List<Long> samples = new ArrayList<>();
        for (RecordUsageCommand.Line l : c.entries()) {
            if (l == null || l.entryId() == null || l.samples() == null) {
                throw new InvalidInputException("each entry needs entryId and samples");
            }
            if (!seen.add(l.entryId())) {
                throw new InvalidInputException("entry " + l.entryId() + " is listed twice");
            }
            RegistryEntry e = usages.entry(l.entryId())
                    .orElseThrow(() -> new NotFoundException("no registry entry " + l.entryId()));
            if (l.samples() < 1 || l.samples() > e.sampleCount()) {
                throw new InvalidInputException("samples of entry " + l.entryId() + " must be in 1.."
                        + e.sampleCount() + ", got " + l.samples());
            }
            entries.add(e);
            samples.add(l.samples());
        }
        List<BigInteger> split = DividendSplit.split(fee, samples);
        List<DataUsage.Line> lines = new ArrayList<>();
        StringBuilder canonical = new StringBuilder("trainex-usage-v1\n").append(reference).append('\n')
                .append(fee).append('\n');
        for (int i = 0; i < entries.size(); i++) {
            RegistryEntry e = entries.get(i);
            lines.add(new DataUsage.Line(e.id(), samples.get(i), e.contributorWallet(), split.get(i)));
            canonical.append(e.id()).append(':').append(samples.get(i)).append(':').append(e.contributorWallet())
                    .append(':').append(split.get(i)).append('\n');
        }
        String digest = "0x" + HexFormat.of().formatHex(ContentIds.sha256()
                .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        DataUsage u = new DataUsage(UUID.randomUUID(), reference, payer, fee, digest, recordedBy, lines, Instant.now());
        usages.add(u);
        Map<String, BigInteger> perWallet = new LinkedHashMap<>();
        lines.forEach(l -> perWallet.merge(l.contributorWallet(), l.dividendWei(), BigInteger::add));
        perWallet.values().removeIf(v -> v.signum() == 0);
        List<Ledger.Posting> postings = new ArrayList<>();
        postings.add(new Ledger.Posting(payer, fee.negate()));
        perWallet.forEach((w, v) -> postings.add(new Ledger.Posting("wallet:" + w, v)));
        ledger.post(JOURNAL_KIND, u.id().toString(), "data fee of " + reference, postings);
        if (!payOnChain) {
            LOG.info(() -> "usage " + reference + ": data fee " + fee + " wei from " + payer + " split over "
                    + lines.size() + " entr" + (lines.size() == 1 ? "y" : "ies") + "; paid by the escrow release");
            return view(u);
        }
        List<WalletAddress> holders = new ArrayList<>();
        List<BigInteger> amounts = new ArrayList<>();
        perWallet.forEach((w, v) -> {
            holders.add(WalletAddress.of(w));
            amounts.add(v);
        });
        outbox.submit(u.id(), new ChainCommand.PayDataFee(u.id(), ChainKeys.bytes32(u.id()), digest, holders, amounts,
                fee));
        LOG.info(() -> "usage " + reference + ": data fee " + fee + " wei split over " + lines.size() + " entr"
                + (lines.size() == 1 ? "y" : "ies") + " to " + perWallet.size() + " shareholder(s)");
        return view(u);
    }

    private static UsageView view(DataUsage u) {
        return new UsageView(u.id(), u.reference(), u.payer(), u.dataFeeWei().toString(), u.usageDigest(),
                u.createdAt(), u.lines().stream().map(l -> new LineView(l.entryId(), l.samplesUsed(),
                l.contributorWallet(), l.dividendWei().toString())).toList(), u.txHash(), u.blockNumber());
    }

    @Override
    public List<UsageView> usages() {
        return usages.list(200).stream().map(DividendService::view).toList();
    }

    @Override
    public EarningsView earnings(String contributor) {
        List<String> wallets = usages.walletsOf(contributor).stream().sorted().toList();
        Set<String> lower = new HashSet<>(wallets.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList());
        List<RegistryEntryView> entries = registry.entries().stream()
                .filter(e -> lower.contains(e.contributorWallet().toLowerCase(Locale.ROOT))).toList();
        Map<UUID, long[]> used = new LinkedHashMap<>(); // times, samples
        Map<UUID, BigInteger> paid = new LinkedHashMap<>();
        List<Payout> payouts = new ArrayList<>();
        BigInteger total = BigInteger.ZERO;
        for (DataUsage u : usages.paying(wallets)) {
            for (DataUsage.Line l : u.lines()) {
                if (!lower.contains(l.contributorWallet().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                long[] t = used.computeIfAbsent(l.entryId(), k -> new long[2]);
                t[0]++;
                t[1] += l.samplesUsed();
                paid.merge(l.entryId(), l.dividendWei(), BigInteger::add);
                total = total.add(l.dividendWei());
                payouts.add(new Payout(u.createdAt(), u.reference(), l.entryId(), l.contributorWallet(),
                        l.dividendWei().toString(), u.txHash()));
            }
        }
        List<EntryEarnings> perEntry = entries.stream().map(e -> {
            long[] t = used.getOrDefault(e.id(), new long[2]);
            return new EntryEarnings(e.id(), e.contributorWallet(), e.shares().longValueExact(), (int) t[0], t[1],
                    paid.getOrDefault(e.id(), BigInteger.ZERO).toString());
        }).toList();
        BigInteger balance = wallets.stream().map(w -> ledger.balance("wallet:" + w))
                .reduce(BigInteger.ZERO, BigInteger::add);
        return new EarningsView(wallets, entries, perEntry, payouts, total.toString(), balance.toString());
    }

    /**
     * The chain credited a usage's dividends ({@code DataFeePaid}); a repeated confirmation changes nothing.
     *
     * @throws NotFoundException if the usage is unknown
     */
    public void dataFeePaid(UUID usageId, ChainReceipt receipt) {
        DataUsage u = usages.lock(usageId).orElseThrow(() -> new NotFoundException("no data usage " + usageId));
        if (u.paidOnChain(receipt, Instant.now())) {
            LOG.info(() -> "data fee of usage " + u.reference() + " paid on chain: tx " + receipt.txHash()
                    + " in block " + receipt.blockNumber());
        }
    }
}
