package org.trainex.datamarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
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
 * curators (and the oracle) decide.
 */
@Entity
@Table(name = "data_proposal", schema = "datamarket")
public class DataProposal {
    /** Proposal states. */
    public enum State { SUBMITTED, ACCEPTED, REJECTED }

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
     * Records the oracle's check of task {@code taskId}: agreement below {@code threshold} is a no.
     *
     * @return false if the task is not the one awaited, or the vote is already in (duplicates change nothing)
     */
    public boolean oracleChecked(UUID taskId, double agreement, double threshold, String modelCid, int samples) {
        if (!taskId.equals(oracleTaskId) || oracleVote != OracleVote.PENDING) {
            return false;
        }
        this.oracleAgreement = agreement;
        this.oracleModelCid = modelCid;
        this.oracleVote = agreement >= threshold ? OracleVote.YES : OracleVote.NO;
        this.oracleNote = String.format(java.util.Locale.ROOT, "%d sampled labels, agreement %.3f, threshold %.3f",
                samples, agreement, threshold);
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

    public UUID id() {
        return id;
    }

    public UUID requestId() {
        return requestId;
    }

    public DataProposalView toView() {
        return new DataProposalView(id, requestId, contributor, contributorWallet, imagesCid, labelsCid, sampleCount,
                Arrays.stream(labelHistogram.split(",")).map(Long::valueOf).toList(), license, state.name(),
                createdAt, oracleVote.name(), oracleAgreement, oracleNote);
    }
}
