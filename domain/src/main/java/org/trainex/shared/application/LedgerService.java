package org.trainex.shared.application;

import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.Ledger;
import org.trainex.shared.domain.LedgerJournal;
import org.trainex.shared.domain.LedgerPosting;

/** {@link Ledger} on PostgreSQL ({@code shared.ledger_journal}, {@code shared.ledger_posting}); joins the caller's
 * transaction. */
@Stateless
@Local(Ledger.class)
public class LedgerService implements Ledger {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public UUID post(String kind, String reference, String memo, List<Posting> postings) {
        boolean posted = !em.createQuery("select j.id from LedgerJournal j where j.kind = :k and j.reference = :r",
                UUID.class).setParameter("k", kind).setParameter("r", reference).getResultList().isEmpty();
        if (posted) {
            throw new InvalidInputException("ledger journal " + kind + "/" + reference + " was already posted");
        }
        LedgerJournal j = new LedgerJournal(UUID.randomUUID(), kind, reference, memo, postings, Instant.now());
        em.persist(j);
        return j.id();
    }

    @Override
    public BigInteger balance(String account) {
        Object sum = em.createNativeQuery("select coalesce(sum(amount), 0) from shared.ledger_posting where account = ?1")
                .setParameter(1, account).getSingleResult();
        return new BigDecimal(sum.toString()).toBigIntegerExact();
    }

    @Override
    public List<Entry> entriesOf(String account) {
        return em.createQuery("select p from LedgerPosting p join fetch p.journal j where p.account = :a "
                        + "order by j.createdAt desc, p.id desc", LedgerPosting.class).setParameter("a", account)
                .getResultList().stream().map(p -> new Entry(p.journal().id(), p.journal().kind(),
                        p.journal().reference(), p.journal().memo(), p.journal().createdAt(), p.account(),
                        p.amount())).toList();
    }

    @Override
    public BigInteger trialBalance() {
        Object sum = em.createNativeQuery("select coalesce(sum(amount), 0) from shared.ledger_posting")
                .getSingleResult();
        return new BigDecimal(sum.toString()).toBigIntegerExact();
    }
}
