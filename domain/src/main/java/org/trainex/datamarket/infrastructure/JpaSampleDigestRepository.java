package org.trainex.datamarket.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.trainex.datamarket.domain.SampleDigestRepository;
import org.trainex.datamarket.domain.SampleDigests;

/**
 * {@link SampleDigestRepository} on PostgreSQL ({@code datamarket.accepted_sample}). Lookups and inserts go in
 * chunks of {@link #CHUNK} digests, each one statement over an array parameter (hex text, decoded by the server), so
 * 60,000 digests take a handful of round trips.
 */
@ApplicationScoped
public class JpaSampleDigestRepository implements SampleDigestRepository {
    static final int CHUNK = 10_000;
    private static final HexFormat HEX = HexFormat.of();

    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public Map<SampleDigests.Key, UUID> accepted(List<byte[]> digests) {
        Map<SampleDigests.Key, UUID> found = new HashMap<>();
        for (int from = 0; from < digests.size(); from += CHUNK) {
            List<byte[]> chunk = digests.subList(from, Math.min(digests.size(), from + CHUNK));
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select encode(s.digest, 'hex'), cast(s.dataset_id as text) "
                            + "from datamarket.accepted_sample s where s.digest = any (select decode(x, 'hex') "
                            + "from unnest(string_to_array(cast(:hex as text), ',')) x)")
                    .setParameter("hex", joined(chunk)).getResultList();
            for (Object[] r : rows) {
                found.put(new SampleDigests.Key(HEX.parseHex((String) r[0])), UUID.fromString((String) r[1]));
            }
        }
        return found;
    }

    @Override
    public void accept(UUID datasetId, List<byte[]> digests) {
        em.flush(); // the dataset row the digests reference may be new in this transaction
        for (int from = 0; from < digests.size(); from += CHUNK) {
            List<byte[]> chunk = digests.subList(from, Math.min(digests.size(), from + CHUNK));
            em.createNativeQuery("insert into datamarket.accepted_sample (digest, dataset_id) select decode(x, 'hex'), "
                            + "cast(cast(:d as text) as uuid) from unnest(string_to_array(cast(:hex as text), ',')) x "
                            + "on conflict (digest) do nothing")
                    .setParameter("d", datasetId.toString()).setParameter("hex", joined(chunk)).executeUpdate();
        }
    }

    private static String joined(List<byte[]> digests) {
        StringBuilder b = new StringBuilder(digests.size() * (SampleDigests.BYTES * 2 + 1));
        for (byte[] d : digests) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(HEX.formatHex(d));
        }
        return b.toString();
    }
}
