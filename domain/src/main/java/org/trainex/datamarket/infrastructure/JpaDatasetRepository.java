package org.trainex.datamarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.datamarket.domain.Dataset;
import org.trainex.datamarket.domain.DatasetRepository;
import org.trainex.shared.api.ContentId;

/** {@link DatasetRepository} on PostgreSQL ({@code datamarket.dataset}). */
@ApplicationScoped
public class JpaDatasetRepository implements DatasetRepository {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public void add(Dataset dataset) {
        em.persist(dataset);
    }

    @Override
    public Optional<Dataset> find(UUID id) {
        return Optional.ofNullable(em.find(Dataset.class, id));
    }

    @Override
    public Optional<Dataset> findByContent(ContentId images, ContentId labels) {
        return em.createQuery("select d from Dataset d where d.imagesCid = :i and d.labelsCid = :l", Dataset.class)
                .setParameter("i", images.value()).setParameter("l", labels.value())
                .getResultStream().findFirst();
    }

    @Override
    public List<Dataset> list() {
        return em.createQuery("select d from Dataset d order by d.createdAt desc", Dataset.class).getResultList();
    }

    @Override
    public boolean anyWithBlob(ContentId cid) {
        return !em.createQuery("select d.id from Dataset d where d.imagesCid = :c or d.labelsCid = :c", UUID.class)
                .setParameter("c", cid.value()).setMaxResults(1).getResultList().isEmpty();
    }
}
