package org.trainex.verification.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.UUID;
import org.trainex.verification.domain.Verdict;
import org.trainex.verification.domain.VerdictRepository;

/** {@link VerdictRepository} on PostgreSQL ({@code verification.verdict}). */
@ApplicationScoped
public class JpaVerdictRepository implements VerdictRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public Optional<Verdict> find(UUID jobId) {
        return Optional.ofNullable(em.find(Verdict.class, jobId));
    }

    @Override
    public void add(Verdict verdict) {
        em.persist(verdict);
    }
}
