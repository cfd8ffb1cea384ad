package org.trainex.shared.domain;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.Ledger;

/**
 * A balanced set of ledger postings (double entry): the postings sum to zero wei, checked here and again by the
 * database when the transaction commits.
 */
@Entity
@Table(name = "ledger_journal", schema = "shared")
public class LedgerJournal {
    private static final Pattern ACCOUNT = Pattern.compile("[a-z][a-z-]{0,29}:[A-Za-z0-9._@:-]{1,69}");

    @Id
    private UUID id;
    @Column(nullable = false, length = 40)
    private String kind;
    @Column(nullable = false, length = 100)
    private String reference;
    @Column(nullable = false, length = 500)
    private String memo;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @OneToMany(mappedBy = "journal", cascade = CascadeType.PERSIST)
    private List<LedgerPosting> postings = new ArrayList<>();

    protected LedgerJournal() {
    }

    /** @throws InvalidInputException see {@link Ledger#post} */
    public LedgerJournal(UUID id, String kind, String reference, String memo, List<Ledger.Posting> lines,
                         Instant now) {
        if (kind == null || kind.isBlank() || kind.length() > 40 || reference == null || reference.isBlank()
                || reference.length() > 100) {
            throw new InvalidInputException("a journal needs a kind (1-40 chars) and a reference (1-100 chars)");
        }
        if (lines == null || lines.size() < 2) {
            throw new InvalidInputException("a journal needs at least two postings");
        }
        BigInteger sum = BigInteger.ZERO;
        for (Ledger.Posting p : lines) {
            if (p.account() == null || !ACCOUNT.matcher(p.account()).matches()) {
                throw new InvalidInputException("malformed ledger account '" + p.account() + "' (kind:id)");
            }
            if (p.amountWei() == null || p.amountWei().signum() == 0) {
                throw new InvalidInputException("a posting needs a non-zero amount in wei");
            }
            sum = sum.add(p.amountWei());
        }
        if (sum.signum() != 0) {
            throw new InvalidInputException("journal " + kind + "/" + reference + " does not balance: postings sum to "
                    + sum + " wei");
        }
        this.id = id;
        this.kind = kind;
        this.reference = reference;
        this.memo = memo == null ? "" : memo.length() > 500 ? memo.substring(0, 500) : memo;
        this.createdAt = now;
        for (Ledger.Posting p : lines) {
            postings.add(new LedgerPosting(this, p.account(), p.amountWei()));
        }
    }

    public UUID id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public String reference() {
        return reference;
    }

    public String memo() {
        return memo;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
