package org.trainex.datamarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * A curator's direct yes/no vote on a proposal with its voting power at the proposal's snapshot block (CuratorToken
 * base units). Immutable; one per wallet and one per account per proposal (database constraints).
 */
@Entity
@Table(name = "curation_vote", schema = "datamarket")
public class CurationVote {
    @Id
    private UUID id;
    @Column(name = "proposal_id", nullable = false)
    private UUID proposalId;
    @Column(nullable = false)
    private String username;
    @Column(nullable = false, length = 42)
    private String wallet;
    @Column(nullable = false)
    private boolean support;
    @Column(nullable = false, precision = 78, scale = 0)
    private BigInteger weight;
    @Column(name = "cast_at", nullable = false)
    private Instant castAt;

    protected CurationVote() {
    }

    public CurationVote(UUID id, UUID proposalId, String username, String wallet, boolean support, BigInteger weight,
                        Instant castAt) {
        this.id = id;
        this.proposalId = proposalId;
        this.username = username;
        this.wallet = wallet;
        this.support = support;
        this.weight = weight;
        this.castAt = castAt;
    }

    public UUID proposalId() {
        return proposalId;
    }

    public String username() {
        return username;
    }

    public String wallet() {
        return wallet;
    }

    public boolean support() {
        return support;
    }

    public BigInteger weight() {
        return weight;
    }

    public Instant castAt() {
        return castAt;
    }
}
