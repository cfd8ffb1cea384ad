package org.trainex.datamarket.domain;

import jakarta.persistence.Embedded;
import jakarta.persistence.AttributeOverride;
import org.trainex.shared.api.ChainReceipt;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.trainex.datamarket.api.DataProposalView;
import org.trainex.shared.api.ContentId;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.WalletAddress;

/**
 * A contributor's answer to a data request (DataBright, seed 000, Section 2): a dataset whose format the server
 * checked against the request's schema, the wallet that will hold its shares, and a licence. SUBMITTED until the
 * curators (and the oracle) decide, or WITHDRAWN by its contributor before that (issue 11 item 4: a withdrawn
 * proposal is never tallied and never enters the registry).
 */
@Entity
@Table(name = "data_proposal", schema = "datamarket")
public class DataProposal {
    /** Proposal states. */
    public enum State { SUBMITTED, ACCEPTED, REJECTED, WITHDRAWN }

    /** The oracle's vote on the proposal. */
    public enum OracleVote { PENDING, YES, NO, ABSTAIN }

    @Id
    private UUID id;
    @Column(name = "request_id", nullable = false)
    private UUID requestId;
    @Column(nullable = false)
    private String contributor;
    @Column(name = "contributor_wallet", nullable = false, length = 42)
    private String contributorWallet;
    @Column(name = "images_cid", nullable = false, length = 59)
    private String imagesCid;
    @Column(name = "labels_cid", nullable = false, length = 59)
    private String labelsCid;
    @Column(name = "sample_count", nullable = false)
    private int sampleCount;
    @Column(name = "label_histogram", nullable = false, length = 2000)
    private String labelHistogram;
    @Column(nullable = false, length = 100)
    private String license;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "oracle_task_id")
    private UUID oracleTaskId;
    @Enumerated(EnumType.STRING)
    @Column(name = "oracle_vote", nullable = false, length = 20)
    private OracleVote oracleVote = OracleVote.ABSTAIN;
    @Column(name = "oracle_agreement")
    private Double oracleAgreement;
    @Column(name = "oracle_model_cid", length = 59)
    private String oracleModelCid;
    @Column(name = "oracle_note", length = 2000)
    private String oracleNote;
    @Column(name = "oracle_reference_accuracy")
    private Double oracleReferenceAccuracy;
    @Column(name = "withdrawn_at")
    private Instant withdrawnAt;
    @Column(nullable = false, length = 20)
    private String format = "IDX_IMAGES";
    @Column(name = "snapshot_block")
    private Long snapshotBlock;
    @Column(name = "voting_opened_at")
    private Instant votingOpenedAt;
    @Column(name = "voting_ends")
    private Instant votingEnds;
    @Column(name = "yes_votes", precision = 78, scale = 0)
    private BigInteger yesVotes;
    @Column(name = "no_votes", precision = 78, scale = 0)
    private BigInteger noVotes;
    @Column(name = "supply_at_snapshot", precision = 78, scale = 0)
    private BigInteger supplyAtSnapshot;
    @Column(name = "decided_at")
    private Instant decidedAt;
    @Column(name = "decision_note", length = 2000)
    private String decisionNote;
    @Column(name = "accepted_dataset_id")
    private UUID acceptedDatasetId;
    @Column(name = "ballots_root", length = 66)
    private String ballotsRoot;
    /** Where the final tally was recorded on chain, once confirmed. */
    @Embedded
    @AttributeOverride(name = "txHash", column = @Column(name = "tally_tx_hash", length = 66))
    @AttributeOverride(name = "blockNumber", column = @Column(name = "tally_block"))
    private ChainReceipt tallyReceipt;
    @Version
    private long version;

    protected DataProposal() {
    }

    /** @throws InvalidInputException if the licence is blank or longer than 100 characters */
    public DataProposal(UUID id, UUID requestId, String contributor, WalletAddress wallet, ContentId images,
                        ContentId labels, IdxInspector.Summary data, String license, Instant now) {
        if (license == null || license.isBlank() || license.length() > 100) {
            throw new InvalidInputException("license must have 1 to 100 characters (e.g. CC-BY-4.0)");
        }
        this.id = Objects.requireNonNull(id);
        this.requestId = Objects.requireNonNull(requestId);
        this.contributor = Objects.requireNonNull(contributor);
        this.contributorWallet = wallet.value();
        this.imagesCid = images.value();
        this.labelsCid = labels.value();
        this.sampleCount = data.samples();
        this.labelHistogram = Arrays.stream(data.histogram()).mapToObj(Long::toString).collect(Collectors.joining(","));
        this.license = license.strip();
        this.state = State.SUBMITTED;
        this.createdAt = now;
    }

    /** Marks the proposal as CSV: its one CSV blob is both content ids. */
    public DataProposal asCsv() {
        this.format = "CSV";
        return this;
    }

    /** IDX_IMAGES or CSV. */
    public String format() {
        return format;
    }

    /** A runner checks the proposal's labels: task {@code taskId}. */
    public void awaitOracle(UUID taskId) {
        this.oracleTaskId = Objects.requireNonNull(taskId);
        this.oracleVote = OracleVote.PENDING;
        this.oracleNote = null;
    }

    /** No oracle check: the oracle abstains, for this reason. */
    public void oracleAbstains(String reason) {
        this.oracleVote = OracleVote.ABSTAIN;
        this.oracleNote = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    }

    /**
     * Records the oracle's check of task {@code taskId}. The oracle votes yes only if the agreement is at least
     * {@code threshold} and at least {@code relativeThreshold} x {@code referenceAccuracy} (the oracle model's own
     * accuracy on held-out reference samples; issue 11 item 3, calibration in {@code docs/oracle-calibration.md}):
     * an honest shard agrees with the oracle about as often as the oracle is accurate, a shard with flipped labels
     * less. A NaN reference accuracy (an older runner) leaves only the absolute threshold.
     *
     * @param agreement         fraction of sampled labels the oracle predicted alike, [0, 1]
     * @param referenceAccuracy the oracle model's accuracy on held-out reference samples, [0, 1], or NaN
     * @return false if the task is not the one awaited, or the vote is already in (duplicates change nothing)
     */
    public boolean oracleChecked(UUID taskId, double agreement, double referenceAccuracy, double threshold,
                                 double relativeThreshold, String modelCid, int samples) {
        if (!taskId.equals(oracleTaskId) || oracleVote != OracleVote.PENDING) {
            return false;
        }
        boolean known = referenceAccuracy >= 0 && referenceAccuracy <= 1;
        this.oracleAgreement = agreement;
        this.oracleReferenceAccuracy = known ? referenceAccuracy : null;
        this.oracleModelCid = modelCid;
        boolean relativeOk = !known || OracleRule.passes(agreement, referenceAccuracy, relativeThreshold);
        this.oracleVote = agreement >= threshold && relativeOk ? OracleVote.YES : OracleVote.NO;
        this.oracleNote = known
                ? String.format(java.util.Locale.ROOT, "%d sampled labels, agreement %.3f, threshold %.3f; reference "
                        + "accuracy %.3f, relative agreement %.3f, relative threshold %.3f", samples, agreement,
                        threshold, referenceAccuracy, OracleRule.relative(agreement, referenceAccuracy),
                        relativeThreshold)
                : String.format(java.util.Locale.ROOT, "%d sampled labels, agreement %.3f, threshold %.3f (the "
                        + "runner reported no reference accuracy)", samples, agreement, threshold);
        return true;
    }

    /** The awaited check failed: the oracle abstains. @return false if not awaited */
    public boolean oracleFailed(UUID taskId, String reason) {
        if (!taskId.equals(oracleTaskId) || oracleVote != OracleVote.PENDING) {
            return false;
        }
        oracleAbstains("oracle check failed: " + reason);
        return true;
    }

    /**
     * Opens the curation vote: weights are the voting power at the end of {@code snapshotBlock}; votes are taken
     * until {@code now + period}.
     *
     * @throws IllegalStateException if the vote is already open or the proposal decided
     */
    public void openVoting(long snapshotBlock, Instant now, Duration period) {
        if (this.snapshotBlock != null || state != State.SUBMITTED) {
            throw new IllegalStateException("the vote on proposal " + id + " is already open or decided");
        }
        this.snapshotBlock = snapshotBlock;
        this.votingOpenedAt = now;
        this.votingEnds = now.plus(period);
    }

    /** Whether curators may vote now: opened, not ended, not decided. */
    public boolean votingOpen(Instant now) {
        return state == State.SUBMITTED && snapshotBlock != null && now.isBefore(votingEnds);
    }

    /** Whether the oracle's check is still running. */
    public boolean oraclePending() {
        return oracleVote == OracleVote.PENDING;
    }

    /** The oracle's choice: yes/no, empty when it abstains or is still pending. */
    public java.util.Optional<Boolean> oracleChoice() {
        return switch (oracleVote) {
            case YES -> java.util.Optional.of(true);
            case NO -> java.util.Optional.of(false);
            default -> java.util.Optional.empty();
        };
    }

    /**
     * The contributor withdraws the proposal before it is decided: WITHDRAWN, never tallied, never in the registry.
     * Votes already cast stay stored (and count for nothing).
     *
     * @throws InvalidInputException if it is already decided or withdrawn
     */
    public void withdraw(Instant now) {
        if (state != State.SUBMITTED) {
            throw new InvalidInputException("proposal " + id + " is " + state + "; only a proposal not yet decided "
                    + "can be withdrawn");
        }
        this.state = State.WITHDRAWN;
        this.withdrawnAt = now;
        this.decisionNote = "withdrawn by its contributor";
        if (oracleVote == OracleVote.PENDING) {
            oracleAbstains("the proposal was withdrawn before the oracle answered");
        }
    }

    /**
     * Records the tally: ACCEPTED or REJECTED.
     *
     * @throws IllegalStateException if already decided or the vote never opened
     */
    public void decide(CurationTally.Result result, Instant now) {
        if (state != State.SUBMITTED || snapshotBlock == null) {
            throw new IllegalStateException("proposal " + id + " is not in an open vote");
        }
        this.state = result.accepted() ? State.ACCEPTED : State.REJECTED;
        this.yesVotes = result.yes();
        this.noVotes = result.no();
        this.supplyAtSnapshot = result.supply();
        this.decidedAt = now;
        this.decisionNote = result.note().length() > 2000 ? result.note().substring(0, 2000) : result.note();
    }

    /** The dataset an accepted proposal became (registry entries and runners use it). */
    public void becameDataset(UUID datasetId) {
        if (state != State.ACCEPTED) {
            throw new IllegalStateException("only an accepted proposal becomes a dataset");
        }
        this.acceptedDatasetId = Objects.requireNonNull(datasetId);
    }

    /** The chain gateway recorded the tally. @return false if already recorded (duplicates change nothing) */
    public boolean tallyAnchored(String root, ChainReceipt receipt) {
        if (tallyReceipt != null) {
            return false;
        }
        this.ballotsRoot = root;
        this.tallyReceipt = receipt;
        return true;
    }

    public Long snapshotBlock() {
        return snapshotBlock;
    }

    public Instant votingEnds() {
        return votingEnds;
    }

    public State state() {
        return state;
    }

    public String contributorWallet() {
        return contributorWallet;
    }

    public String contributor() {
        return contributor;
    }

    public ContentId images() {
        return ContentId.of(imagesCid);
    }

    public ContentId labels() {
        return ContentId.of(labelsCid);
    }

    public int sampleCount() {
        return sampleCount;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public UUID id() {
        return id;
    }

    public UUID requestId() {
        return requestId;
    }

    public DataProposalView toView() {
        return new DataProposalView(id, requestId, contributor, contributorWallet, imagesCid, labelsCid, sampleCount,
                Arrays.stream(labelHistogram.split(",")).map(Long::valueOf).toList(), license, state.name(),
                createdAt, oracleVote.name(), oracleAgreement, oracleNote, snapshotBlock, votingEnds,
                yesVotes == null ? null : yesVotes.toString(), noVotes == null ? null : noVotes.toString(),
                supplyAtSnapshot == null ? null : supplyAtSnapshot.toString(), decidedAt, decisionNote,
                acceptedDatasetId, ballotsRoot, tallyReceipt == null ? null : tallyReceipt.txHash(),
                tallyReceipt == null ? null : tallyReceipt.blockNumber(), format, oracleReferenceAccuracy, withdrawnAt);
    }
}
