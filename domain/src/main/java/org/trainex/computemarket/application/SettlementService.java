package org.trainex.computemarket.application;

import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.computemarket.api.BillView;
import org.trainex.computemarket.api.EscrowChain;
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
import org.trainex.datamarket.api.DividendChain;
import org.trainex.datamarket.api.Dividends;
import org.trainex.datamarket.api.RecordUsageCommand;
import org.trainex.datamarket.api.Registry;
import org.trainex.shared.api.ChainKeys;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.Ledger;
import org.trainex.shared.api.NotFoundException;

/**
 * Settles an order's escrow when its job ends (issue 5 item 5; DKLabs, seed 002, Section 7.2 items 1 and 5;
 * DataBright, seed 000, Sections 2 and 3), and is the exchange side of {@link EscrowChain}.
 *
 * <p>When the job ends, in the same transaction: the bill is computed ({@link SettlementPlan}: providers paid for
 * accepted chunks at the matched prices, the data fee split over the registry entries used as dividends —
 * recorded by the data market's {@link Dividends#recordEscrowedUsage} — and the rest refunded), the ledger journals
 * are posted (escrow to providers, shareholders and consumer; the escrow account returns to 0), and
 * {@code markVerified} is requested on chain. Once the chain confirms, the challenge period runs
 * ({@code TRAINEX_CHALLENGE_PERIOD_SECONDS} on the contract); after it {@link #releaseDue()} requests
 * {@code release} with the bill's amounts. A job that failed with no accepted work gets a full {@code refund}.
 */
@Stateless
@Local(EscrowChain.class)
@LocalBean
public class SettlementService implements EscrowChain {
    private static final Logger LOG = Logger.getLogger(SettlementService.class.getName());
    /** Ledger journal kind of a settlement. */
    public static final String JOURNAL_KIND = "ESCROW_SETTLE";
    static final String ZERO_KEY = "0x" + "0".repeat(64);

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
    DividendChain dividendChain;
    @Inject
    Registry registry;
    @Inject
    Dividends dividends;
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
        List<RecordUsageCommand.Line> used = new ArrayList<>();
        for (UUID d : order.trainDatasetIds()) {
            registry.entryOfDataset(d).ifPresent(e -> used.add(new RecordUsageCommand.Line(e.id(),
                    (long) e.sampleCount())));
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
        UUID usageId = null;
        String usageDigest = null;
        if (plan.dataFeeWei().signum() > 0) {
            Dividends.UsageView u = dividends.recordEscrowedUsage(new RecordUsageCommand("order:" + orderId,
                    "escrow:" + orderId, plan.dataFeeWei().toString(), used), "exchange");
            usageId = u.id();
            usageDigest = u.usageDigest();
            for (Dividends.LineView l : u.lines()) {
                lines.add(new Settlement.Line(Settlement.Kind.DIVIDEND, l.entryId().toString(),
                        l.contributorWallet(), l.samplesUsed(), new BigInteger(l.dividendWei()),
                        "data fee " + order.dataFeeBps() + " bps of the match cost, pro rata to samples used"));
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
        boolean refundOnly = accepted.isEmpty() && plan.dataFeeWei().signum() == 0;
        settlements.add(new Settlement(orderId, plan.lockedWei(), lines, usageId, usageDigest, refundOnly, now));
        String key = ChainKeys.bytes32(orderId);
        outbox.submit(requestId(refundOnly ? "refund" : "verify", orderId), refundOnly ? REFUND_ESCROW_KIND
                : MARK_VERIFIED_KIND, Json.createObjectBuilder().add("orderId", orderId.toString())
                .add("orderKey", key).build().toString());
        LOG.info(() -> String.format("order %s settles: locked %s wei = providers %s + data fee %s + refund %s%s",
                orderId, plan.lockedWei(), plan.providersWei(), plan.dataFeeWei(), plan.refundWei(),
                refundOnly ? " (full refund)" : "; challenge period starts when verified on chain"));
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
            JsonArrayBuilder providers = Json.createArrayBuilder();
            JsonArrayBuilder amounts = Json.createArrayBuilder();
            JsonArrayBuilder holders = Json.createArrayBuilder();
            JsonArrayBuilder dividendAmounts = Json.createArrayBuilder();
            for (Settlement.Line l : s.lines()) {
                if (l.amountWei().signum() == 0) {
                    continue;
                }
                if (l.kind() == Settlement.Kind.PROVIDER) {
                    providers.add(l.wallet());
                    amounts.add(l.amountWei().toString());
                } else if (l.kind() == Settlement.Kind.DIVIDEND) {
                    holders.add(l.wallet());
                    dividendAmounts.add(l.amountWei().toString());
                }
            }
            var payload = Json.createObjectBuilder().add("orderId", id.toString())
                    .add("orderKey", ChainKeys.bytes32(id)).add("providers", providers).add("providerAmounts", amounts)
                    .add("holders", holders).add("dividendAmounts", dividendAmounts)
                    .add("usageKey", s.usageId() == null ? ZERO_KEY : ChainKeys.bytes32(s.usageId()))
                    .add("usageDigest", s.usageDigest() == null ? ZERO_KEY : s.usageDigest())
                    .add("refundWei", s.refundWei().toString());
            if (s.usageId() == null) {
                payload.addNull("usageId");
            } else {
                payload.add("usageId", s.usageId().toString());
            }
            outbox.submit(requestId("release", id), RELEASE_ESCROW_KIND, payload.build().toString());
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

    @Override
    public void escrowLocked(UUID orderId, String txHash, long blockNumber) {
        TrainingOrder order = orders.findForUpdate(orderId).orElseThrow(() -> new NotFoundException("no order "
                + orderId));
        if (order.escrowLocked(txHash, blockNumber)) {
            LOG.info(() -> "escrow of order " + orderId + " locked on chain: tx " + txHash + " in block " + blockNumber);
        }
    }

    @Override
    public void escrowVerified(UUID orderId, String txHash, long blockNumber, long challengeEndsAt) {
        Settlement s = settlements.lock(orderId).orElseThrow(() -> new NotFoundException("no settlement of order "
                + orderId));
        if (s.verified(txHash, Instant.ofEpochSecond(challengeEndsAt))) {
            LOG.info(() -> "order " + orderId + " verified on chain (tx " + txHash + "); challenge period ends "
                    + Instant.ofEpochSecond(challengeEndsAt));
        }
    }

    @Override
    public void escrowReleased(UUID orderId, String txHash, long blockNumber) {
        Settlement s = settlements.lock(orderId).orElseThrow(() -> new NotFoundException("no settlement of order "
                + orderId));
        if (s.settled(txHash, blockNumber, Instant.now())) {
            if (s.usageId() != null) {
                dividendChain.dataFeePaid(s.usageId(), txHash, blockNumber);
            }
            LOG.info(() -> "escrow of order " + orderId + " released on chain: tx " + txHash);
        }
    }

    @Override
    public void escrowRefunded(UUID orderId, String txHash, long blockNumber) {
        Settlement s = settlements.lock(orderId).orElseThrow(() -> new NotFoundException("no settlement of order "
                + orderId));
        if (s.settled(txHash, blockNumber, Instant.now())) {
            LOG.info(() -> "escrow of order " + orderId + " refunded on chain: tx " + txHash);
        }
    }
}
