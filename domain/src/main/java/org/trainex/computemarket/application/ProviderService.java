package org.trainex.computemarket.application;

import org.trainex.governance.api.IdentityRole;
import org.trainex.governance.api.Identities;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.computemarket.api.BidView;
import org.trainex.computemarket.api.PostBidCommand;
import org.trainex.computemarket.api.Providers;
import org.trainex.computemarket.api.RegisterRunnerCommand;
import org.trainex.computemarket.api.RunnerIdentity;
import org.trainex.computemarket.api.RunnerView;
import org.trainex.computemarket.domain.Bid;
import org.trainex.computemarket.domain.ProviderRepository;
import org.trainex.computemarket.domain.Runner;
import org.trainex.computemarket.api.ProviderAccountView;
import org.trainex.computemarket.api.StakeCommand;
import org.trainex.computemarket.domain.FederatedRepository;
import org.trainex.computemarket.domain.ProviderAccount;
import org.trainex.computemarket.domain.ProviderStake;
import org.trainex.computemarket.domain.Settlement;
import org.trainex.computemarket.domain.SettlementRepository;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.Ledger;
import org.trainex.shared.api.WalletAddress;
import org.trainex.shared.api.AccessDeniedException;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;
import org.trainex.shared.api.Settings;
import org.trainex.shared.api.TaskGrants;

/**
 * Runners join (capacity, region, hardware), beat, and are spot-checked; providers post and cancel bids on their
 * runners' capacity (DKLabs, seed 002, Section 7.2 items 2-3; issue 5 item 2). A runner whose heartbeats stop for
 * {@code TRAINEX_RUNNER_LEASE_SECONDS} (default 20) is LOST; bids expire at the end of their window. A heartbeat
 * also renews the leases of the runner's chunk attempts ({@link LeaseSupervisor}). Providers link a payout wallet
 * and stake through the escrow contract; bidding needs {@code TRAINEX_MIN_STAKE_WEI} (default 10^15 wei) staked
 * (DKLabs, seed 002, Section 7.2 item 3).
 */
@Stateless
@Local(Providers.class)
@LocalBean
public class ProviderService implements Providers {
    private static final Logger LOG = Logger.getLogger(ProviderService.class.getName());

    @Inject
    ProviderRepository repo;
    @Inject
    MatchingService matching;
    @Inject
    SettlementRepository settlements;
    @Inject
    FederatedRepository federated;
    @Inject
    Identities identities;
    @Inject
    Ledger ledger;
    @Inject
    TaskGrants grants;
    @Inject
    ChainOutbox outbox;
    @Inject
    org.trainex.computemarket.api.EscrowAccounts escrowAccounts;

    @Override
    public RunnerView register(RunnerIdentity caller, String runnerId, RegisterRunnerCommand c) {
        requireSelf(caller, runnerId);
        if (c == null || c.capacitySamplesPerSecond() == null) {
            throw new InvalidInputException("a runner registration needs region, hardware and "
                    + "capacitySamplesPerSecond");
        }
        if (c.provider() != null && !c.provider().equals(caller.provider())) {
            throw new AccessDeniedException("the key of runner " + runnerId + " was issued by provider "
                    + caller.provider() + ": it cannot register for " + c.provider());
        }
        Instant now = Instant.now();
        Runner r = repo.lockRunner(runnerId).orElse(null);
        if (r == null) {
            r = new Runner(runnerId, caller.provider(), c.region(), c.hardware(), c.capacitySamplesPerSecond(),
                    c.measuredOn(), now);
            repo.add(r);
        } else {
            if (!r.provider().equals(caller.provider())) {
                throw new AccessDeniedException("runner " + runnerId + " is registered to another provider");
            }
            r.update(caller.provider(), c.region(), c.hardware(), c.capacitySamplesPerSecond(), c.measuredOn(), now);
        }
        RunnerView v = r.toView();
        LOG.info(() -> "runner " + runnerId + " of " + v.provider() + " joined in " + v.region() + ": claims "
                + Math.round(v.claimedCapacity()) + " samples/s, matched at " + v.effectiveCapacity() + " ("
                + v.hardware() + ")");
        return v;
    }

    private static void requireSelf(RunnerIdentity caller, String runnerId) {
        if (caller == null || !caller.runnerId().equals(runnerId)) {
            throw new AccessDeniedException("this runner key belongs to runner "
                    + (caller == null ? "(none)" : caller.runnerId()) + ", not " + runnerId);
        }
    }

    @Override
    public void heartbeat(RunnerIdentity caller, String runnerId, boolean busy, UUID taskId) {
        requireSelf(caller, runnerId);
        Instant beat = Instant.now();
        // leases first, then the runner row: the same lock order as a result (chunk, then runner)
        federated.renewLeases(runnerId, beat.plus(RoundPlanner.lease()));
        Runner r = repo.lockRunner(runnerId).orElseThrow(() -> new NotFoundException("runner " + runnerId
                + " is not registered"));
        boolean wasLost = r.state() == Runner.State.LOST;
        Instant now = Instant.now();
        r.heartbeat(busy, taskId, now);
        if (wasLost) {
            LOG.info(() -> "runner " + runnerId + " is back");
            for (Bid b : repo.bidsOfRunner(runnerId, Bid.State.SUSPENDED)) {
                boolean allActive = b.runnerIds().stream().allMatch(id -> repo.runner(id)
                        .map(x -> x.state() == Runner.State.ACTIVE).orElse(false));
                if (allActive && b.validUntil().isAfter(now) && b.resume()) {
                    matching.bidPosted(b);
                    LOG.info(() -> "bid " + b.id() + " is back in the book");
                }
            }
        }
    }

    /**
     * Spot check of a TRAIN result of {@code runnerId} for task {@code taskId}: the runner reported
     * {@code samplesPerSecond}; the exchange measures {@code sampleSteps} over the seconds from the task's first blob
     * download ({@link TaskGrants#firstFetch}) to now, when it records the result (issue 11 item 6). Unknown runners
     * are ignored; without a download (every blob was in the runner's cache) there is no measurement.
     */
    public void observed(String runnerId, double samplesPerSecond, UUID taskId, long sampleSteps) {
        if (runnerId == null) {
            return;
        }
        Instant now = Instant.now();
        double measured = taskId == null ? Double.NaN : grants.firstFetch(taskId)
                .map(t -> Duration.between(t, now).toMillis())
                .filter(ms -> ms > 0)
                .map(ms -> sampleSteps * 1000.0 / ms).orElse(Double.NaN);
        repo.lockRunner(runnerId).ifPresent(r -> {
            long before = r.effectiveCapacity();
            r.observed(samplesPerSecond);
            r.measured(measured);
            if (r.effectiveCapacity() < before) {
                LOG.warning(() -> String.format("runner %s reported %.0f samples/s, the exchange measured %.0f: "
                        + "matched at %d samples/s (claim %.0f)", runnerId, samplesPerSecond, measured,
                        r.effectiveCapacity(), r.toView().claimedCapacity()));
            }
        });
    }

    @Override
    public List<RunnerView> runners() {
        return repo.runners().stream().map(Runner::toView).toList();
    }

    @Override
    public BidView postBid(PostBidCommand c, String provider) {
        if (c == null || c.runnerIds() == null || c.pricePerKiloSampleStepWei() == null || c.validUntil() == null) {
            throw new InvalidInputException("a bid needs runnerIds, pricePerKiloSampleStepWei and validUntil");
        }
        if (!c.pricePerKiloSampleStepWei().matches("[0-9]{1,78}")) {
            throw new InvalidInputException("pricePerKiloSampleStepWei must be a positive decimal integer of wei");
        }
        if (c.runnerIds().isEmpty() || c.runnerIds().size() > Bid.MAX_RUNNERS
                || c.runnerIds().stream().anyMatch(id -> id == null || id.isBlank() || id.length() > 200)) {
            throw new InvalidInputException("runnerIds must name 1 to " + Bid.MAX_RUNNERS + " of your runners");
        }
        BigInteger price = new BigInteger(c.pricePerKiloSampleStepWei());
        if (price.signum() <= 0 || price.bitLength() > 256) {
            throw new InvalidInputException("pricePerKiloSampleStepWei must be an integer of wei in 1..2^256-1");
        }
        if (c.region() != null && c.region().length() > 100) {
            throw new InvalidInputException("region must be at most 100 characters");
        }
        Set<String> ids = new LinkedHashSet<>(c.runnerIds());
        if (ids.size() != c.runnerIds().size()) {
            throw new InvalidInputException("runnerIds repeats a runner");
        }
        // the provider's bids are serialized on its account row, so the offered-capacity rule holds under
        // concurrent posts (issue 11 item 5)
        ProviderAccount account = settlements.lockAccount(provider).orElseThrow(() -> new InvalidInputException(
                "provider " + provider + " has no payout wallet: link one and stake at least " + minStake()
                        + " wei first (POST /api/providers/me/stake)"));
        if (account.stakedWei().compareTo(minStake()) < 0) {
            throw new InvalidInputException("provider " + provider + " has staked " + account.stakedWei()
                    + " wei; bidding needs at least " + minStake() + " wei (TRAINEX_MIN_STAKE_WEI)");
        }
        long capacity = 0;
        Set<String> regions = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        for (String id : ids) {
            Runner r = repo.runner(id).orElseThrow(() -> new InvalidInputException("runner " + id
                    + " is not registered"));
            if (!r.provider().equals(provider)) {
                throw new InvalidInputException("runner " + id + " works for " + r.provider() + ", not for "
                        + provider);
            }
            if (r.state() != Runner.State.ACTIVE) {
                throw new InvalidInputException("runner " + id + " is " + r.state() + " (no recent heartbeat)");
            }
            capacity += r.effectiveCapacity();
            regions.add(r.region());
            names.add(id);
        }
        if (regions.size() > 1) {
            throw new InvalidInputException("the runners of one bid must share a region, they are in " + regions);
        }
        String region = c.region() == null || c.region().isBlank() ? regions.iterator().next() : c.region().strip();
        if (!regions.contains(region)) {
            throw new InvalidInputException("the runners are in " + regions + ", not in " + region);
        }
        long offered = c.capacitySamplesPerSecond() == null ? capacity : c.capacitySamplesPerSecond();
        if (offered > capacity) {
            throw new InvalidInputException("capacitySamplesPerSecond " + offered + " exceeds the runners' effective "
                    + "capacity of " + capacity + " samples/s");
        }
        if (offered <= 0) {
            throw new InvalidInputException("capacitySamplesPerSecond must be positive (1.." + capacity + ")");
        }
        java.util.Map<String, Long> effective = new java.util.HashMap<>();
        for (String id : ids) {
            effective.put(id, repo.runner(id).orElseThrow().effectiveCapacity());
        }
        List<org.trainex.computemarket.domain.OfferedCapacity.Offer> open = new ArrayList<>();
        for (Bid other : repo.offeringBids(provider)) {
            if (other.runnerIds().stream().anyMatch(ids::contains)) {
                for (String id : other.runnerIds()) {
                    effective.computeIfAbsent(id, x -> repo.runner(x).map(Runner::effectiveCapacity).orElse(0L));
                }
                open.add(new org.trainex.computemarket.domain.OfferedCapacity.Offer(other.runnerIds(),
                        other.remainingCapacity()));
            }
        }
        org.trainex.computemarket.domain.OfferedCapacity.check(effective, open,
                new org.trainex.computemarket.domain.OfferedCapacity.Offer(ids, offered));
        Instant now = Instant.now();
        Bid b = new Bid(UUID.randomUUID(), provider, names, price, offered,
                region, c.validFrom() == null ? now : c.validFrom(), c.validUntil(), now, repo.nextBidSequence());
        repo.add(b);
        matching.bidPosted(b);
        LOG.info(() -> "bid " + b.id() + " by " + provider + ": " + offered + " samples/s at " + b.price()
                + " wei per 1,000 sample-steps in " + region + " until " + b.validUntil());
        return b.toView();
    }

    @Override
    public BidView cancelBid(UUID bidId, String provider) {
        Bid b = repo.lockBid(bidId).orElseThrow(() -> new NotFoundException("no bid " + bidId));
        if (!b.provider().equals(provider)) {
            throw new AccessDeniedException("bid " + bidId + " belongs to another provider");
        }
        if (!b.cancel()) {
            throw new InvalidInputException("bid " + bidId + " is " + b.state() + ", not OPEN");
        }
        matching.bidCancelled(bidId);
        return b.toView();
    }

    @Override
    public List<BidView> book() {
        return repo.openBids().stream().map(Bid::toView).toList();
    }

    /** Ids of ACTIVE runners (candidates for {@link #expireRunner}). */
    public List<String> activeRunnerIds() {
        return repo.activeRunners().stream().map(Runner::id).toList();
    }

    /**
     * Marks one runner LOST if its heartbeats stopped for the lease and suspends its open bids (own transaction
     * when called through the bean). @return true if it was lost now
     */
    public boolean expireRunner(String runnerId, Instant now) {
        Duration lease = Duration.ofSeconds(Settings.getLong("runner.lease.seconds", 20));
        Runner r = repo.lockRunner(runnerId).orElse(null);
        if (r == null || !r.expire(now, lease)) {
            return false;
        }
        LOG.warning(() -> "runner " + r.id() + " lost: no heartbeat for " + lease.toSeconds() + " s");
        for (Bid b : repo.bidsOfRunner(r.id(), Bid.State.OPEN)) {
            if (b.suspend()) {
                matching.bidCancelled(b.id());
                LOG.info(() -> "bid " + b.id() + " suspended: its runner " + r.id() + " is lost");
            }
        }
        return true;
    }

    /** Ids of OPEN or SUSPENDED bids whose window ended. */
    public List<UUID> expiredBidIds(Instant now) {
        return repo.expiredBids(now).stream().map(Bid::id).toList();
    }

    /** Expires one bid whose window ended (own transaction when called through the bean). */
    public void expireBid(UUID bidId, Instant now) {
        repo.lockBid(bidId).ifPresent(b -> b.expire(now));
    }

    /** Drops expired bids from the in-memory book. */
    public void expireBook(Instant now) {
        matching.expire(now);
    }

    /** Marks LOST the runners without a heartbeat for the lease, and expires bids. @return runners lost now */
    public int expire(Instant now) {
        Duration lease = Duration.ofSeconds(Settings.getLong("runner.lease.seconds", 20));
        int lost = 0;
        for (Runner r : repo.activeRunners()) {
            if (r.expire(now, lease)) {
                lost++;
                LOG.warning(() -> "runner " + r.id() + " lost: no heartbeat for " + lease.toSeconds() + " s");
                for (Bid b : repo.bidsOfRunner(r.id(), Bid.State.OPEN)) {
                    if (b.suspend()) {
                        matching.bidCancelled(b.id());
                        LOG.info(() -> "bid " + b.id() + " suspended: its runner " + r.id() + " is lost");
                    }
                }
            }
        }
        repo.expiredBids(now).forEach(b -> b.expire(now));
        matching.expire(now);
        return lost;
    }

    /** Least stake (wei) a provider needs to bid: {@code TRAINEX_MIN_STAKE_WEI}, default 10^15. */
    static BigInteger minStake() {
        return new BigInteger(Settings.get("min.stake.wei", "1000000000000000"));
    }

    @Override
    public ProviderAccountView stake(StakeCommand c, String provider) {
        if (c == null || c.wallet() == null) {
            throw new InvalidInputException("a stake needs wallet and (for a new wallet) signature; the stake itself "
                    + "is sent from that wallet to ComputeEscrow.stake() (./trainex wallet stake WEI)");
        }
        if (c.amountWei() != null) {
            throw new InvalidInputException("the exchange no longer stakes on a provider's behalf: send the wei from "
                    + "your wallet to ComputeEscrow.stake() (./trainex wallet stake " + c.amountWei() + "), then POST "
                    + "{wallet, signature} here to have the exchange read your stake from the chain");
        }
        WalletAddress wallet = WalletAddress.of(c.wallet());
        Instant now = Instant.now();
        ProviderAccount account = settlements.lockAccount(provider).orElse(null);
        if (account == null || !account.wallet().equalsIgnoreCase(wallet.value())) {
            if (c.signature() == null || c.signature().isBlank()) {
                throw new InvalidInputException("a new payout wallet needs the signature of \""
                        + Providers.walletMessage(provider, wallet.value()) + "\" by that wallet (EIP-191)");
            }
            // the signature, and that no other provider holds the wallet, are the identity API's to check
            identities.link(provider, IdentityRole.PROVIDER, wallet.value(), c.signature());
            if (account == null) {
                account = new ProviderAccount(provider, wallet, now);
                settlements.add(account);
            } else {
                account.wallet(wallet, now);
            }
        }
        mirrorStake(account, now);
        return account(provider);
    }

    /**
     * Brings the provider's stake in line with its wallet's stake on chain ({@code ComputeEscrow.stakeOf}, active
     * wei: what the provider sent from its own wallet, less what it unstaked): the account's stake is set to it and
     * the difference is posted as a {@code STAKE_MIRROR} journal between {@code wallet:<wallet>} and
     * {@code stake:<provider>} (issue 11 item 1: the ledger mirrors on-chain balances).
     *
     * @return the active stake on chain (wei)
     * @throws org.trainex.shared.api.ChainUnavailableException if the chain cannot be read (nothing changes)
     */
    public BigInteger mirrorStake(ProviderAccount account, Instant now) {
        WalletAddress wallet = WalletAddress.of(account.wallet());
        BigInteger active = escrowAccounts.stakeOf(wallet).activeWei();
        String stakeAccount = "stake:" + account.provider();
        BigInteger delta = active.subtract(ledger.balance(stakeAccount));
        if (delta.signum() != 0) {
            ledger.post("STAKE_MIRROR", UUID.randomUUID().toString(), "stake of provider " + account.provider()
                    + " at wallet " + wallet.value() + " seen on chain: " + active + " wei active", List.of(
                    new Ledger.Posting("wallet:" + wallet.value(), delta.negate()),
                    new Ledger.Posting(stakeAccount, delta)));
            settlements.add(new ProviderStake(UUID.randomUUID(), account.provider(), wallet.value(), delta, now));
            LOG.info(() -> "provider " + account.provider() + " stake mirrored from chain: " + active + " wei active ("
                    + (delta.signum() > 0 ? "+" : "") + delta + ")");
        }
        account.stakeMirrored(active, now);
        return active;
    }

    /** Mirrors the stake of every provider with a payout wallet (the reconciler's timer); one transaction. */
    public void mirrorStake(String provider) {
        settlements.lockAccount(provider).ifPresent(a -> mirrorStake(a, Instant.now()));
    }

    @Override
    public ProviderAccountView account(String provider) {
        ProviderAccount a = settlements.account(provider).orElse(null);
        List<ProviderAccountView.Payout> payouts = new ArrayList<>();
        for (Settlement s : settlements.paying(provider)) {
            for (Settlement.Line l : s.lines()) {
                if (l.kind() == Settlement.Kind.PROVIDER && l.party().equals(provider)) {
                    payouts.add(new ProviderAccountView.Payout(s.orderId(), l.sampleSteps() == null ? 0 : l.sampleSteps(),
                            l.amountWei().toString(), s.state().name(), s.releaseTxHash()));
                }
            }
        }
        return new ProviderAccountView(provider, a == null ? null : a.wallet(),
                a == null ? "0" : a.stakedWei().toString(), a == null ? "0" : a.stakeOnChainWei().toString(),
                ledger.balance("provider:" + provider).toString(), payouts);
    }
}
