package org.trainex.computemarket.application;

import org.trainex.shared.api.ChainReceipt;
import org.trainex.computemarket.api.JobEvents;
import org.trainex.datamarket.api.DividendEvents;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.api.WalletAddress;
import org.trainex.shared.api.ChainCommand;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.computemarket.api.BillView;
import org.trainex.computemarket.api.MatchView;
import org.trainex.computemarket.domain.FederatedRepository;
import org.trainex.computemarket.domain.MatchRepository;
import org.trainex.computemarket.domain.OrderMatch;
import org.trainex.computemarket.domain.ProviderAccount;
import org.trainex.computemarket.domain.Settlement;
import org.trainex.computemarket.domain.SettlementRepository;
import org.trainex.computemarket.domain.TrainingChunk;
import org.trainex.computemarket.domain.TrainingJob;
import org.trainex.computemarket.domain.TrainingJobRepository;
import org.trainex.computemarket.domain.TrainingOrder;
import org.trainex.computemarket.domain.TrainingOrderRepository;
import org.trainex.computemarket.domain.federated.SettlementPlan;
import org.trainex.datamarket.api.Registry;
import org.trainex.shared.api.ChainKeys;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.Ledger;
import org.trainex.shared.api.NotFoundException;

/**
 * Settles an order's escrow when its job ends (issue 5 item 5; DKLabs, seed 002, Section 7.2 items 1 and 5;
 * DataBright, seed 000, Sections 2 and 3), and applies the chain's confirmations of its escrow commands
 * ({@link org.trainex.computemarket.api.EscrowEvents}, through their consumers).
 *
 * <p>When the job ends, in the same transaction: the bill is computed ({@link SettlementPlan}: providers paid for
 * accepted chunks at the matched prices, the data fee split over the registry entries used as dividends —
 * split by the data market, which answers {@code DataUsed} with {@code DataUsageRecorded} — and the rest refunded),
 * the ledger journals
 * are posted (escrow to providers, shareholders and consumer; the escrow account returns to 0), and
 * {@code markVerified} is requested on chain. Once the chain confirms, the challenge period runs
 * ({@code TRAINEX_CHALLENGE_PERIOD_SECONDS} on the contract); after it {@link #releaseDue()} requests
 * {@code release} with the bill's amounts. A job that failed with no accepted work gets a full {@code refund}.
 */
@Stateless
@LocalBean
public class SettlementService {
    private static final Logger LOG = Logger.getLogger(SettlementService.class.getName());
    /** Ledger journal kind of a settlement. */
    public static final String JOURNAL_KIND = "ESCROW_SETTLE";
    static final String ZERO_KEY = ChainCommand.ReleaseEscrow.ZERO_KEY;

    @Inject
    SettlementRepository settlements;
    @Inject
    TrainingOrderRepository orders;
    @Inject
    TrainingJobRepository jobs;
    @Inject
    MatchRepository matches;
    @Inject
    FederatedRepository federated;
    @Inject
    Registry registry;
    @Inject
    DomainEvents events;
    @Inject
    Ledger ledger;
    @Inject
    ChainOutbox outbox;

    /** The match of an order. @throws NotFoundException if it has none */
    public MatchView matchOf(UUID orderId) {
        return matches.find(orderId).map(OrderMatch::toView)
                .orElseThrow(() -> new NotFoundException("order " + orderId + " has no match"));
    }

    /**
     * Settles a priced order whose job ended (once; a second call does nothing).
     *
     * @param completed whether the job completed (a failed job pays accepted work, no data fee)
     */
    public void settle(UUID orderId, boolean completed, Instant now) {
        TrainingOrder order = orders.findForUpdate(orderId).orElseThrow();
        if (!order.priced() || settlements.find(orderId).isPresent()) {
            return;
        }
        MatchView match = matchOf(orderId);
        TrainingJob job = jobs.findByOrder(orderId).orElseThrow();
        List<TrainingChunk> accepted = federated.accepted(job.id());
        List<JobEvents.EntryUse> used = new ArrayList<>();
        for (UUID d : order.trainDatasetIds()) {
            registry.entryOfDataset(d).ifPresent(e -> used.add(new JobEvents.EntryUse(e.id(), e.sampleCount())));
        }
        SettlementPlan plan = SettlementPlan.of(order.maxPriceWei(), accepted.stream()
                        .map(c -> new SettlementPlan.AcceptedWork(c.provider(), c.sampleSteps(), c.price())).toList(),
                new BigInteger(match.totalCostWei()), order.dataFeeBps(), completed, !used.isEmpty());
        List<Settlement.Line> lines = new ArrayList<>();
        List<Ledger.Posting> postings = new ArrayList<>();
        for (SettlementPlan.Payment p : plan.payments()) {
            ProviderAccount account = settlements.account(p.provider()).orElseThrow(() -> new IllegalStateException(
                    "provider " + p.provider() + " has no payout wallet"));
            lines.add(new Settlement.Line(Settlement.Kind.PROVIDER, p.provider(), account.wallet(), p.sampleSteps(),
                    p.amountWei(), p.sampleSteps() + " sample-steps accepted at the matched prices"
                    + (p.capWei().signum() == 0 ? "" : ", less " + p.capWei() + " wei to keep the compute charge "
                    + "within the match cost (rounding of the rounds' chunk plans)")));
            if (p.amountWei().signum() > 0) {
                postings.add(new Ledger.Posting("provider:" + p.provider(), p.amountWei()));
            }
        }
        lines.add(new Settlement.Line(Settlement.Kind.REFUND, order.consumer(), order.consumerWallet(), null,
                plan.refundWei(), completed ? "unused part of the lock" : "job failed: lock less accepted work"));
        if (plan.refundWei().signum() > 0) {
            // a refund is a credit of the wallet that paid (ComputeEscrow credits the order's consumer wallet)
            postings.add(new Ledger.Posting("credit:" + order.consumerWallet(), plan.refundWei()));
        }
        BigInteger fromEscrow = plan.lockedWei().subtract(plan.dataFeeWei());
        if (fromEscrow.signum() > 0) {
            postings.add(new Ledger.Posting("escrow:" + orderId, fromEscrow.negate()));
            ledger.post(JOURNAL_KIND, orderId.toString(), "settlement of order " + orderId, postings);
        }
        if (plan.dataFeeWei().signum() > 0) {
            // the data market splits the fee into dividends (its own journal from escrow:<order>) and answers with
            // DataUsageRecorded; the order is marked verified then (usageRecorded)
            settlements.add(Settlement.awaitingUsage(orderId, plan.lockedWei(), lines, plan.dataFeeWei(), now));
            events.publish(new JobEvents.DataUsed(DomainEvent.idOf("DataUsed", orderId), orderId, "order:" + orderId,
                    "escrow:" + orderId, plan.dataFeeWei(), used));
            LOG.info(() -> String.format("order %s settles: locked %s wei = providers %s + data fee %s + refund %s; "
                    + "the data market splits the fee", orderId, plan.lockedWei(), plan.providersWei(),
                    plan.dataFeeWei(), plan.refundWei()));
            return;
        }
        boolean refundOnly = accepted.isEmpty();
        settlements.add(new Settlement(orderId, plan.lockedWei(), lines, null, null, refundOnly, now));
        outbox.submit(requestId(refundOnly ? "refund" : "verify", orderId), refundOnly
                ? new ChainCommand.RefundEscrow(orderId) : new ChainCommand.MarkVerified(orderId));
        LOG.info(() -> String.format("order %s settles: locked %s wei = providers %s + data fee %s + refund %s%s",
                orderId, plan.lockedWei(), plan.providersWei(), plan.dataFeeWei(), plan.refundWei(),
                refundOnly ? " (full refund)" : "; challenge period starts when verified on chain"));
    }

    /**
     * The data market split an order's data fee into dividends ({@code DataUsageRecorded}): the dividend lines
     * join the bill and {@code markVerified} is requested on chain. A repeated call changes nothing.
     *
     * @throws NotFoundException     if the order has no settlement
     * @throws IllegalStateException if the dividends do not sum to the bill's data fee
     */
    public void usageRecorded(DividendEvents.DataUsageRecorded u) {
        Settlement s = settlements.lock(u.orderId()).orElseThrow(() -> new NotFoundException("no settlement of "
                + "order " + u.orderId()));
        TrainingOrder order = orders.find(u.orderId()).orElseThrow();
        List<Settlement.Line> dividendLines = u.dividends().stream().map(d -> new Settlement.Line(
                Settlement.Kind.DIVIDEND, d.entryId().toString(), d.contributorWallet(), d.samplesUsed(),
                d.dividendWei(), "data fee " + order.dataFeeBps() + " bps of the match cost, pro rata to samples "
                + "used")).toList();
        try {
            if (!s.usageRecorded(u.usageId(), u.usageDigest(), dividendLines)) {
                return;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        outbox.submit(requestId("verify", u.orderId()), new ChainCommand.MarkVerified(u.orderId()));
        LOG.info(() -> "order " + u.orderId() + ": data fee split over " + dividendLines.size() + " entr"
                + (dividendLines.size() == 1 ? "y" : "ies") + " (usage " + u.usageId() + "); challenge period "
                + "starts when verified on chain");
    }

    /**
     * Requests {@code release} for settlements whose challenge period is over.
     *
     * @return releases requested
     */
    public int releaseDue() {
        int n = 0;
        for (UUID id : releasable()) {
            if (release(id)) {
                n++;
            }
        }
        return n;
    }

    /** Order ids of the settlements whose challenge period is over, at most 50. */
    public List<UUID> releasable() {
        return settlements.releasable(Instant.now(), 50);
    }

    /**
     * Requests the escrow release of one settlement whose challenge period is over (its own transaction when
     * called through the bean).
     *
     * @return true if the release was requested now
     */
    public boolean release(UUID id) {
        int n = 0;
        {
            Settlement s = settlements.lock(id).orElseThrow();
            if (!s.releasable(Instant.now())) {
                return false;
            }
            s.releasing();
            List<WalletAddress> providers = new ArrayList<>();
            List<BigInteger> amounts = new ArrayList<>();
            List<WalletAddress> holders = new ArrayList<>();
            List<BigInteger> dividendAmounts = new ArrayList<>();
            for (Settlement.Line l : s.lines()) {
                if (l.amountWei().signum() == 0) {
                    continue;
                }
                if (l.kind() == Settlement.Kind.PROVIDER) {
                    providers.add(WalletAddress.of(l.wallet()));
                    amounts.add(l.amountWei());
                } else if (l.kind() == Settlement.Kind.DIVIDEND) {
                    holders.add(WalletAddress.of(l.wallet()));
                    dividendAmounts.add(l.amountWei());
                }
            }
            outbox.submit(requestId("release", id), new ChainCommand.ReleaseEscrow(id, ChainKeys.bytes32(id), providers,
                    amounts, s.usageId(), s.usageId() == null ? ZERO_KEY : ChainKeys.bytes32(s.usageId()),
                    s.usageDigest() == null ? ZERO_KEY : s.usageDigest(), holders, dividendAmounts, s.refundWei()));
            LOG.info(() -> "order " + id + ": challenge period over; escrow release requested");
            n++;
        }
        return n > 0;
    }

    static UUID requestId(String what, UUID orderId) {
        return UUID.nameUUIDFromBytes(("escrow-" + what + ":" + orderId).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The order's bill.
     *
     * @throws NotFoundException if the order is unknown or unpriced
     */
    public BillView bill(UUID orderId) {
        TrainingOrder order = orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
        if (!order.priced()) {
            throw new NotFoundException("order " + orderId + " has no price, so no escrow and no bill");
        }
        return settlements.find(orderId).map(Settlement::toView).orElseGet(() -> new BillView(orderId, "NONE",
                order.maxPriceWei().toString(), List.of(), "0", "0", "0", false, null, null, null, null, null));
    }

    /** The chain confirmed it (an {@code EscrowEvents} event); a repeated confirmation changes nothing. */
    public void escrowLocked(UUID orderId, ChainReceipt receipt) {
        TrainingOrder order = orders.findForUpdate(orderId).orElseThrow(() -> new NotFoundException("no order "
                + orderId));
        if (order.escrowLocked(receipt)) {
            LOG.info(() -> "escrow of order " + orderId + " locked on chain: tx " + receipt.txHash() + " in block "
                    + receipt.blockNumber());
        }
    }

    /** The chain confirmed it (an {@code EscrowEvents} event); a repeated confirmation changes nothing. */
    public void escrowVerified(UUID orderId, ChainReceipt receipt, long challengeEndsAt) {
        Settlement s = settlements.lock(orderId).orElseThrow(() -> new NotFoundException("no settlement of order "
                + orderId));
        if (s.verified(receipt, Instant.ofEpochSecond(challengeEndsAt))) {
            LOG.info(() -> "order " + orderId + " verified on chain (tx " + receipt.txHash() + "); challenge period "
                    + "ends "
                    + Instant.ofEpochSecond(challengeEndsAt));
        }
    }

    /** The chain confirmed it (an {@code EscrowEvents} event); a repeated confirmation changes nothing. */
    public void escrowReleased(UUID orderId, ChainReceipt receipt) {
        Settlement s = settlements.lock(orderId).orElseThrow(() -> new NotFoundException("no settlement of order "
                + orderId));
        if (s.settled(receipt, Instant.now())) {
            LOG.info(() -> "escrow of order " + orderId + " released on chain: tx " + receipt.txHash());
        }
    }

    /** The chain confirmed it (an {@code EscrowEvents} event); a repeated confirmation changes nothing. */
    public void escrowRefunded(UUID orderId, ChainReceipt receipt) {
        Settlement s = settlements.lock(orderId).orElseThrow(() -> new NotFoundException("no settlement of order "
                + orderId));
        if (s.settled(receipt, Instant.now())) {
            LOG.info(() -> "escrow of order " + orderId + " refunded on chain: tx " + receipt.txHash());
        }
    }
}
