package org.trainex.datamarket.application;

import org.trainex.shared.api.ChainReceipt;
import org.trainex.governance.api.IdentityRole;
import org.trainex.governance.api.Identities;
import org.trainex.shared.api.ChainCommand;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.trainex.datamarket.api.Curation;
import org.trainex.datamarket.api.CuratorVotingPower;
import org.trainex.datamarket.domain.CurationBallot;
import org.trainex.datamarket.domain.CurationRepository;
import org.trainex.datamarket.domain.CurationTally;
import org.trainex.datamarket.domain.CurationVote;
import org.trainex.datamarket.domain.CuratorAccount;
import org.trainex.datamarket.domain.CuratorTokenGrant;
import org.trainex.datamarket.domain.DataProposal;
import org.trainex.datamarket.domain.DataRequest;
import org.trainex.datamarket.domain.DataRequestRepository;
import org.trainex.datamarket.domain.Dataset;
import org.trainex.datamarket.domain.DatasetRepository;
import org.trainex.datamarket.domain.IdxInspector;
import org.trainex.shared.api.AccessDeniedException;
import org.trainex.shared.api.ChainKeys;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.ChainUnavailableException;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;
import org.trainex.shared.api.Settings;
import org.trainex.shared.api.WalletAddress;

/**
 * Curation of data proposals (DataBright, seed 000, Section 2; issue 4 item 3). Votes and delegations are the
 * exchange's working state; every weight is read from the CuratorToken's on-chain checkpoints at the proposal's
 * snapshot block ({@link CuratorVotingPower}), and each tally is recorded on chain with the Merkle root of its
 * ballots ({@link ChainCommand.RecordCurationTally}) so anyone can check a ballot's weight against the checkpoints.
 * An accepted proposal becomes a dataset and an entry of its request's registry (anchored in the next Merkle
 * batch; shares = samples).
 *
 * <p>The oracle's weight is the weight its delegators had at the snapshot. If the oracle has not answered when the
 * voting period ends, the tally waits up to {@code TRAINEX_CURATION_ORACLE_GRACE_SECONDS} (default 600), then the
 * oracle abstains.
 */
@Stateless
@Local(Curation.class)
@LocalBean
public class CurationService implements Curation {
    private static final Logger LOG = Logger.getLogger(CurationService.class.getName());

    @Inject
    CurationRepository curation;
    @Inject
    DataRequestRepository requests;
    @Inject
    DatasetRepository datasets;
    @Inject
    RegistryService registry;
    @Inject
    CuratorVotingPower power;
    @Inject
    Identities identities;
    @Inject
    ChainOutbox outbox;
    @Inject
    SampleDedup dedup;

    @Override
    public CuratorView me(String username) {
        return view(username, curation.account(username).orElse(null));
    }

    private CuratorView view(String username, CuratorAccount a) {
        if (a == null) {
            return new CuratorView(username, null, null, null,
                    "Trainex: link wallet <wallet> to curator account " + username);
        }
        String votingPower = null;
        try {
            votingPower = power.votesAt(WalletAddress.of(a.wallet()), power.latestBlock()).toString();
        } catch (ChainUnavailableException | IllegalArgumentException e) {
            LOG.fine(() -> "voting power of " + a.wallet() + " unknown: " + e.getMessage());
        }
        return new CuratorView(username, a.wallet(), a.delegate(), votingPower,
                CuratorAccount.linkMessage(username, WalletAddress.of(a.wallet())));
    }

    @Override
    public CuratorView linkWallet(String username, String wallet, String signatureHex) {
        // the signature, and that no other curator holds the wallet, are the identity API's to check
        WalletAddress w = WalletAddress.of(identities.link(username, IdentityRole.CURATOR, wallet, signatureHex)
                .wallet());
        Instant now = Instant.now();
        CuratorAccount a = curation.account(username).orElse(null);
        if (a == null) {
            a = new CuratorAccount(username, w, now);
            curation.add(a);
        } else if (!a.wallet().equalsIgnoreCase(w.value())) {
            a.relink(w, now);
        }
        LOG.info("curator " + username + " linked wallet " + w.value());
        return view(username, a);
    }

    @Override
    public CuratorView delegate(String username, String target) {
        CuratorAccount a = curation.account(username).orElseThrow(() -> new InvalidInputException(
                "link a wallet before delegating (POST /api/curators/me/wallet)"));
        String to;
        if (target == null || target.isBlank()) {
            to = null;
        } else if (target.strip().equalsIgnoreCase("oracle")) {
            to = CurationTally.ORACLE;
        } else {
            WalletAddress w = WalletAddress.of(target.strip());
            curation.accountOfWallet(w.value()).orElseThrow(() -> new InvalidInputException(
                    "delegate " + w.value() + " is not the wallet of a curator"));
            to = w.value();
        }
        a.delegateTo(to, Instant.now());
        LOG.info(() -> "curator " + username + " delegates to " + (to == null ? "nobody (votes itself)" : to));
        return view(username, a);
    }

    @Override
    public List<QueueItem> queue(String username) {
        Optional<CuratorAccount> a = curation.account(username);
        Instant now = Instant.now();
        Map<UUID, DataRequest> byId = new java.util.HashMap<>();
        List<QueueItem> items = new ArrayList<>();
        for (DataProposal p : curation.openForVoting(now)) {
            DataRequest r = byId.computeIfAbsent(p.requestId(), id -> requests.find(id).orElseThrow());
            Optional<CurationVote> mine = curation.voteOf(p.id(), username);
            String weight = null;
            String whyNot = null;
            if (a.isEmpty()) {
                whyNot = "link a wallet to vote";
            } else if (isOwn(p, username, a.get().wallet())) {
                whyNot = "your own proposal";
            } else if (mine.isPresent()) {
                whyNot = "you voted";
            } else {
                try {
                    BigInteger w = power.votesAt(WalletAddress.of(a.get().wallet()), p.snapshotBlock());
                    weight = w.toString();
                    if (w.signum() == 0) {
                        whyNot = "no voting power at snapshot block " + p.snapshotBlock();
                    }
                } catch (ChainUnavailableException e) {
                    whyNot = "the chain cannot be read now";
                }
            }
            items.add(new QueueItem(p.toView(), r.title(),
                    mine.map(v -> v.support() ? "YES" : "NO").orElse(null),
                    mine.map(v -> v.weight().toString()).orElse(weight), whyNot == null, whyNot));
        }
        return items;
    }

    private static boolean isOwn(DataProposal p, String username, String wallet) {
        return p.contributor().equals(username) || p.contributorWallet().equalsIgnoreCase(wallet);
    }

    @Override
    public VoteView vote(UUID proposalId, boolean support, String username) {
        DataProposal p = requests.lockProposal(proposalId)
                .orElseThrow(() -> new NotFoundException("no data proposal " + proposalId));
        CuratorAccount a = curation.account(username).orElseThrow(() -> new InvalidInputException(
                "link a wallet before voting (POST /api/curators/me/wallet)"));
        if (isOwn(p, username, a.wallet())) {
            throw new AccessDeniedException("a contributor cannot vote on its own proposal");
        }
        Instant now = Instant.now();
        if (!p.votingOpen(now)) {
            throw new InvalidInputException(p.snapshotBlock() == null ? "the vote on proposal " + proposalId
                    + " is not open yet" : "the vote on proposal " + proposalId + " is closed ("
                    + (p.state() == DataProposal.State.SUBMITTED ? "ended " + p.votingEnds() : p.state()) + ")");
        }
        boolean walletVoted = curation.votesOn(proposalId).stream().anyMatch(v -> v.wallet().equalsIgnoreCase(
                a.wallet()) || v.username().equals(username));
        if (walletVoted) {
            throw new InvalidInputException("you already voted on proposal " + proposalId);
        }
        BigInteger weight = power.votesAt(WalletAddress.of(a.wallet()), p.snapshotBlock());
        if (weight.signum() == 0) {
            throw new InvalidInputException("wallet " + a.wallet() + " had no voting power at snapshot block "
                    + p.snapshotBlock() + " (tokens received or delegated later do not count)");
        }
        CurationVote v = new CurationVote(UUID.randomUUID(), proposalId, username, a.wallet(), support, weight, now);
        curation.add(v);
        LOG.info(() -> "curator " + username + " voted " + (support ? "yes" : "no") + " on proposal " + proposalId
                + " with " + weight + " (snapshot block " + p.snapshotBlock() + ")");
        return voteView(v, p.snapshotBlock());
    }

    private static VoteView voteView(CurationVote v, long snapshot) {
        return new VoteView(v.proposalId(), v.username(), v.wallet(), v.support(), v.weight().toString(), snapshot,
                v.castAt());
    }

    @Override
    public List<VoteView> votes(UUID proposalId) {
        DataProposal p = requests.findProposal(proposalId).orElseThrow(() -> new NotFoundException("no data proposal "
                + proposalId));
        return curation.votesOn(proposalId).stream()
                .map(v -> voteView(v, p.snapshotBlock() == null ? -1 : p.snapshotBlock())).toList();
    }

    @Override
    public List<BallotView> ballots(UUID proposalId) {
        return curation.ballotsOf(proposalId).stream().map(CurationBallot::toBallot)
                .map(b -> new BallotView(b.holder(), b.support(), b.weight().toString(), b.castBy())).toList();
    }

    @Override
    public GrantView grantTokens(String holderWallet, BigInteger amount, String admin) {
        if (holderWallet == null) {
            throw new InvalidInputException("a grant needs holder and amount");
        }
        CuratorTokenGrant g = new CuratorTokenGrant(UUID.randomUUID(), WalletAddress.of(holderWallet), amount, admin,
                Instant.now());
        curation.add(g);
        outbox.submit(g.id(), new ChainCommand.MintCuratorTokens(g.id(), WalletAddress.of(g.holder()), g.amount()));
        LOG.info(() -> admin + " granted " + amount + " curator token base units to " + g.holder());
        return grantView(g);
    }

    private static GrantView grantView(CuratorTokenGrant g) {
        return new GrantView(g.id(), g.holder(), g.amount().toString(), g.createdAt(), g.txHash(), g.blockNumber());
    }

    @Override
    public List<GrantView> grantsOf(String wallet) {
        return curation.grantsOf(WalletAddress.of(wallet).value()).stream().map(CurationService::grantView).toList();
    }

    // ---- the scheduler's work (CurationScheduler), one proposal per transaction ----

    /** Ids of SUBMITTED proposals whose vote is not open yet. */
    public List<UUID> awaitingVote(int limit) {
        return curation.awaitingVote(limit).stream().map(DataProposal::id).toList();
    }

    /** Ids of proposals whose voting period ended. */
    public List<UUID> dueForTally(Instant now, int limit) {
        return curation.dueForTally(now, limit).stream().map(DataProposal::id).toList();
    }

    /**
     * Opens the vote on a proposal: snapshot = the latest mined block (its end state gives the weights), voting
     * until now + the request's voting period.
     *
     * @throws ChainUnavailableException if the chain cannot be read (the proposal waits)
     */
    public void openVoting(UUID proposalId) {
        DataProposal p = requests.lockProposal(proposalId).orElseThrow();
        if (p.snapshotBlock() != null || p.state() != DataProposal.State.SUBMITTED) {
            return;
        }
        DataRequest r = requests.find(p.requestId()).orElseThrow();
        long snapshot = power.latestBlock();
        p.openVoting(snapshot, Instant.now(), r.votingPeriod());
        LOG.info(() -> "vote on proposal " + proposalId + " open: snapshot block " + snapshot + ", ends "
                + p.votingEnds());
    }

    /**
     * Tallies a proposal whose voting period ended: reads the delegators' weights and the supply at the snapshot,
     * applies {@link CurationTally}, stores the ballots, submits the tally to the chain outbox and, if accepted,
     * enters the data in the request's registry.
     *
     * @return true if decided now; false if not due, already decided, or waiting for the oracle
     * @throws ChainUnavailableException if the chain cannot be read (nothing changes; retried)
     */
    public boolean tally(UUID proposalId, Instant now) {
        DataProposal p = requests.lockProposal(proposalId).orElseThrow();
        if (p.state() != DataProposal.State.SUBMITTED || p.snapshotBlock() == null || p.votingEnds().isAfter(now)) {
            return false;
        }
        if (p.oraclePending()) {
            Duration grace = Duration.ofSeconds(Settings.getLong("curation.oracle.grace.seconds", 600));
            if (p.votingEnds().plus(grace).isAfter(now)) {
                return false;
            }
            p.oracleAbstains("the oracle did not answer within " + grace.toSeconds() + " s of the vote's end");
        }
        DataRequest r = requests.find(p.requestId()).orElseThrow();
        long snapshot = p.snapshotBlock();
        List<CurationVote> votes = curation.votesOn(proposalId);
        java.util.Set<String> voters = votes.stream().map(v -> v.wallet().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        List<CurationTally.Delegation> delegations = new ArrayList<>();
        for (CuratorAccount d : curation.delegators()) {
            boolean counts = CurationTally.ORACLE.equals(d.delegate()) ? p.oracleChoice().isPresent()
                    : voters.contains(d.delegate().toLowerCase(Locale.ROOT));
            if (counts && !voters.contains(d.wallet().toLowerCase(Locale.ROOT))) {
                delegations.add(new CurationTally.Delegation(d.wallet(),
                        power.votesAt(WalletAddress.of(d.wallet()), snapshot), d.delegate()));
            }
        }
        BigInteger supply = power.totalSupplyAt(snapshot);
        CurationTally.Result voted = CurationTally.tally(p.contributorWallet(),
                votes.stream().map(v -> new CurationTally.Vote(v.wallet(), v.support(), v.weight())).toList(),
                delegations, p.oracleChoice(), supply, r.voteThresholdBp(), r.quorumBp());
        // Checked again at acceptance (issue 11 item 3): of two pending proposals with the same samples, the one
        // tallied later is rejected with the count, as the first one's samples are accepted registry data by then.
        SampleDedup.Check copies = voted.accepted()
                ? dedup.check(p.images(), "CSV".equals(p.format()) ? r.csvLabelColumn() : null) : null;
        CurationTally.Result result = copies == null || copies.clean() ? voted
                : new CurationTally.Result(false, voted.yes(), voted.no(), voted.supply(), voted.ballots(),
                        "refused: " + copies.refusal() + " (the vote alone would have accepted it: " + voted.note()
                                + ")");
        p.decide(result, now);
        List<ChainCommand.RecordCurationTally.Ballot> ballots = new ArrayList<>();
        for (CurationTally.Ballot b : result.ballots()) {
            curation.add(new CurationBallot(proposalId, b));
            ballots.add(new ChainCommand.RecordCurationTally.Ballot(WalletAddress.of(b.holder()), b.support(),
                    b.weight()));
        }
        outbox.submit(tallyRequestId(proposalId), new ChainCommand.RecordCurationTally(proposalId,
                ChainKeys.bytes32(proposalId), snapshot, result.yes(), result.no(), result.accepted(), ballots));
        if (result.accepted()) {
            enterRegistry(p, r, copies);
        }
        LOG.info(() -> "proposal " + proposalId + " " + result.note() + "; yes " + result.yes() + ", no "
                + result.no() + ", supply " + supply + ", " + result.ballots().size() + " ballots");
        return true;
    }

    /** The outbox request id of a proposal's tally (derived: one per proposal). */
    public static UUID tallyRequestId(UUID proposalId) {
        return UUID.nameUUIDFromBytes(("curation-tally:" + proposalId).getBytes(StandardCharsets.US_ASCII));
    }

    private void enterRegistry(DataProposal p, DataRequest r, SampleDedup.Check samples) {
        Optional<Dataset> existing = datasets.findByContent(p.images(), p.labels());
        Dataset d = existing.orElseGet(() -> {
            long[] histogram = p.toView().labelHistogram().stream().mapToLong(Long::longValue).toArray();
            Dataset created = new Dataset(UUID.randomUUID(), shortName(r.title()) + " / proposal " + p.id(),
                    p.images(), p.labels(), new IdxInspector.Summary(p.sampleCount(), r.imageRows(),
                    r.imageColumns(), histogram.length, histogram), p.contributor(), Instant.now());
            if ("CSV".equals(p.format())) {
                created.asCsv();
            }
            datasets.add(created);
            return created;
        });
        p.becameDataset(d.id());
        if (registry.entryOfDataset(d.id()).isPresent()) {
            LOG.warning(() -> "proposal " + p.id() + " accepted, but its data is already registry entry "
                    + registry.entryOfDataset(d.id()).get().id());
            return;
        }
        registry.enter(d, WalletAddress.of(p.contributorWallet()), r.id());
        dedup.accept(d.id(), samples.digests());
    }

    private static String shortName(String title) {
        return title.length() > 120 ? title.substring(0, 120) : title;
    }

    /** The chain confirmed a grant ({@code CuratorTokensMinted}); a repeated confirmation changes nothing. */
    public void curatorTokensMinted(UUID grantId, ChainReceipt receipt) {
        CuratorTokenGrant g = curation.lockGrant(grantId)
                .orElseThrow(() -> new NotFoundException("no curator token grant " + grantId));
        if (g.minted(receipt)) {
            LOG.info(() -> "curator tokens of grant " + grantId + " minted to " + g.holder() + ": tx "
                    + receipt.txHash());
        }
    }

    /**
     * The chain recorded a tally ({@code CurationTallyAnchored}); a repeated confirmation changes nothing.
     *
     * @throws NotFoundException if the proposal is unknown
     */
    public void tallyAnchored(UUID proposalId, String ballotsRoot, ChainReceipt receipt) {
        DataProposal p = requests.lockProposal(proposalId)
                .orElseThrow(() -> new NotFoundException("no data proposal " + proposalId));
        if (p.tallyAnchored(ballotsRoot, receipt)) {
            LOG.info(() -> "tally of proposal " + proposalId + " recorded on chain: root " + ballotsRoot + ", tx "
                    + receipt.txHash() + " in block " + receipt.blockNumber());
        }
    }
}
