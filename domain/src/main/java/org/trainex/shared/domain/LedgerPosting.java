package org.trainex.shared.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigInteger;

/** One line of a {@link LedgerJournal}: wei credited (positive) or debited (negative) to an account. */
@Entity
@Table(name = "ledger_posting", schema = "shared")
public class LedgerPosting {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "journal_id")
    private LedgerJournal journal;
    @Column(nullable = false, length = 100)
    private String account;
    @Column(nullable = false, precision = 78, scale = 0)
    private BigInteger amount;

    protected LedgerPosting() {
    }

    LedgerPosting(LedgerJournal journal, String account, BigInteger amount) {
        this.journal = journal;
        this.account = account;
        this.amount = amount;
    }

    public LedgerJournal journal() {
        return journal;
    }

    public String account() {
        return account;
    }

    public BigInteger amount() {
        return amount;
    }
}
