package org.trainex.shared.application;

import jakarta.ejb.Local;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.logging.Logger;
import org.trainex.shared.api.IdempotencyKeys;

/**
 * {@link IdempotencyKeys} on PostgreSQL ({@code shared.idempotency_key}): every method in its own transaction
 * (REQUIRES_NEW), so a claim commits before the request it guards runs. Expired keys are removed when they are
 * claimed again and by an hourly purge.
 */
@Stateless
@Local(IdempotencyKeys.class)
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class IdempotencyService implements IdempotencyKeys {
    private static final Logger LOG = Logger.getLogger(IdempotencyService.class.getName());

    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public Claim claim(Request r) {
        long ttl = IdempotencyKeys.ttlSeconds();
        em.createNativeQuery("delete from shared.idempotency_key where principal = ?1 and method = ?2 and path = ?3 "
                        + "and idem_key = ?4 and created_at < now() - make_interval(secs => ?5)")
                .setParameter(1, r.principal()).setParameter(2, r.method()).setParameter(3, r.path())
                .setParameter(4, r.key()).setParameter(5, (double) ttl).executeUpdate();
        int inserted = em.createNativeQuery("insert into shared.idempotency_key (principal, method, path, idem_key, "
                        + "body_sha256, created_at) values (?1, ?2, ?3, ?4, ?5, now()) on conflict do nothing")
                .setParameter(1, r.principal()).setParameter(2, r.method()).setParameter(3, r.path())
                .setParameter(4, r.key()).setParameter(5, r.bodySha256()).executeUpdate();
        if (inserted == 1) {
            return new Claim(Outcome.CLAIMED, null);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select body_sha256, completed_at is not null, status, "
                        + "content_type, location, body from shared.idempotency_key where principal = ?1 "
                        + "and method = ?2 and path = ?3 and idem_key = ?4")
                .setParameter(1, r.principal()).setParameter(2, r.method()).setParameter(3, r.path())
                .setParameter(4, r.key()).getResultList();
        if (rows.isEmpty()) {
            return new Claim(Outcome.IN_PROGRESS, null); // released meanwhile: the caller claims again
        }
        Object[] row = rows.get(0);
        if (!r.bodySha256().equals(row[0].toString().strip())) {
            return new Claim(Outcome.OTHER_BODY, null);
        }
        if (!Boolean.TRUE.equals(row[1])) {
            return new Claim(Outcome.IN_PROGRESS, null);
        }
        return new Claim(Outcome.ANSWERED, new Answer(((Number) row[2]).intValue(), emptyToNull(row[3]),
                emptyToNull(row[4]), row[5] == null ? new byte[0] : (byte[]) row[5]));
    }

    private static String emptyToNull(Object o) {
        return o == null || o.toString().isEmpty() ? null : o.toString();
    }

    @Override
    public void complete(Request r, Answer a) {
        em.createNativeQuery("update shared.idempotency_key set completed_at = now(), status = ?5, content_type = ?6, "
                        + "location = ?7, body = ?8 where principal = ?1 and method = ?2 and path = ?3 "
                        + "and idem_key = ?4")
                .setParameter(1, r.principal()).setParameter(2, r.method()).setParameter(3, r.path())
                .setParameter(4, r.key()).setParameter(5, a.status()).setParameter(6, a.contentType() == null ? "" : a.contentType())
                .setParameter(7, a.location() == null ? "" : a.location()).setParameter(8, a.body()).executeUpdate();
    }

    @Override
    public void release(Request r) {
        em.createNativeQuery("delete from shared.idempotency_key where principal = ?1 and method = ?2 and path = ?3 "
                        + "and idem_key = ?4 and completed_at is null")
                .setParameter(1, r.principal()).setParameter(2, r.method()).setParameter(3, r.path())
                .setParameter(4, r.key()).executeUpdate();
    }

    @Override
    @Schedule(hour = "*", minute = "17", persistent = false)
    public int purgeExpired() {
        int n = em.createNativeQuery("delete from shared.idempotency_key where created_at < now() "
                + "- make_interval(secs => ?1)").setParameter(1, (double) IdempotencyKeys.ttlSeconds()).executeUpdate();
        if (n > 0) {
            LOG.info(() -> "purged " + n + " expired idempotency key(s)");
        }
        return n;
    }
}
