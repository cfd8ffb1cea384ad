package org.trainex.datamarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.UUID;

/** One weight source of a decided proposal's tally, as anchored on chain ({@link CurationTally.Ballot}). */
@Entity
@Table(name = "curation_ballot", schema = "datamarket")
@IdClass(CurationBallot.Key.class)
public class CurationBallot {
    /** Primary key: proposal and holder. */
    public record Key(UUID proposalId, String holder) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "proposal_id")
    private UUID proposalId;
    @Id
    @Column(length = 42)
    private String holder;
    @Column(nullable = false)
    private boolean support;
    @Column(nullable = false, precision = 78, scale = 0)
    private BigInteger weight;
    @Column(name = "cast_by", nullable = false, length = 42)
    private String castBy;

    protected CurationBallot() {
    }

    public CurationBallot(UUID proposalId, CurationTally.Ballot b) {
        this.proposalId = proposalId;
        this.holder = b.holder();
        this.support = b.support();
        this.weight = b.weight();
        this.castBy = b.castBy();
    }

    public CurationTally.Ballot toBallot() {
        return new CurationTally.Ballot(holder, support, weight, castBy);
    }
}
