package org.trainex.shared.api;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The double-entry ledger (DESIGN.md, "Money is never lost"). Every movement of money is one journal of postings
 * that sum to zero, posted in the caller's transaction together with the domain change that causes it (so both
 * commit or neither). Amounts are wei: positive credits an account, negative debits it. Accounts are named
 * {@code <kind>:<id>}, e.g. {@code wallet:0xAbC…} or {@code consumer:alice}.
 */
public interface Ledger {
    /** One line of a journal. @param amountWei non-zero; positive = credit */
    record Posting(String account, BigInteger amountWei) {
    }

    /** A posting as recorded, with its journal. */
    record Entry(UUID journalId, String kind, String reference, String memo, Instant at, String account,
                 BigInteger amountWei) {
    }

    /**
     * Posts a balanced journal.
     *
     * @param kind      what moved, e.g. {@code DATA_FEE}
     * @param reference the cause (unique per kind: a second journal for the same cause is refused)
     * @return the journal id
     * @throws InvalidInputException if there are fewer than two postings, an amount is zero, an account name is
     *                               malformed, the postings do not sum to zero, or (kind, reference) was posted
     */
    UUID post(String kind, String reference, String memo, List<Posting> postings);

    /** Sum of an account's postings in wei (credits minus debits). */
    BigInteger balance(String account);

    /** An account's postings, newest first. */
    List<Entry> entriesOf(String account);

    /** Sum of all postings of all journals in wei: 0 when the books balance. */
    BigInteger trialBalance();
}
