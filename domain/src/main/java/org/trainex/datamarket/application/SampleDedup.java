package org.trainex.datamarket.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.trainex.datamarket.domain.SampleDigestRepository;
import org.trainex.datamarket.domain.SampleDigests;
import org.trainex.shared.api.Blobs;
import org.trainex.shared.api.ContentId;

/**
 * Refuses copied data (issue 11 item 3): computes a dataset's per-sample digests ({@link SampleDigests}), counts
 * the samples that duplicate accepted registry data ({@link SampleDigestRepository}) or another sample of the same
 * dataset, and records the digests of data that enters the registry. Runs in the caller's transaction.
 */
@ApplicationScoped
public class SampleDedup {
    @Inject
    SampleDigestRepository digests;
    @Inject
    Blobs blobs;

    /** A dataset's digests and what they duplicate. */
    public record Check(SampleDigests.Digests digests, int duplicatesOfAccepted, int internalDuplicates,
                        String refusal) {
        /** Whether the data may enter the registry (no duplicate at all). */
        public boolean clean() {
            return refusal == null;
        }
    }

    /**
     * Checks the samples of IDX images blob {@code images} (or, for {@code csvLabelColumn} not null, of the CSV blob)
     * against the accepted samples.
     *
     * @throws org.trainex.shared.api.NotFoundException if the blob is not stored
     * @throws org.trainex.shared.api.InvalidInputException if the blob is malformed
     */
    public Check check(ContentId images, String csvLabelColumn) {
        SampleDigests.Digests d;
        try (InputStream in = blobs.open(images)) {
            d = csvLabelColumn == null ? SampleDigests.ofIdxImages(in) : SampleDigests.ofCsvRows(in, csvLabelColumn);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + images, e);
        }
        Map<SampleDigests.Key, UUID> accepted = digests.accepted(d.distinct());
        int ofAccepted = d.countIn(accepted.keySet());
        int internal = d.internalDuplicates();
        String where = "";
        if (!accepted.isEmpty()) {
            Map<UUID, Long> byDataset = new TreeMap<>();
            for (byte[] v : d.values()) {
                UUID ds = accepted.get(new SampleDigests.Key(v));
                if (ds != null) {
                    byDataset.merge(ds, 1L, Long::sum);
                }
            }
            where = byDataset.entrySet().stream().limit(5).map(e -> String.format(Locale.ROOT, "%,d of dataset %s",
                    e.getValue(), e.getKey())).collect(Collectors.joining(", "))
                    + (byDataset.size() > 5 ? ", ..." : "");
        }
        return new Check(d, ofAccepted, internal, SampleDigests.refusal(ofAccepted, internal, d.size(), where));
    }

    /** Records the samples of {@code datasetId} as accepted registry data. */
    public void accept(UUID datasetId, SampleDigests.Digests d) {
        List<byte[]> distinct = d.distinct();
        digests.accept(datasetId, distinct);
    }
}
