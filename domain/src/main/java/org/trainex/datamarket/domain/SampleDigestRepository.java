package org.trainex.datamarket.domain;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Digests of the samples of accepted registry data ({@link SampleDigests}), kept so that copies are refused
 * (issue 11 item 3). One row per distinct digest, naming the dataset that brought it.
 */
public interface SampleDigestRepository {
    /**
     * Which of {@code digests} are already accepted, and by which dataset.
     *
     * @param digests distinct digests of {@link SampleDigests#BYTES} bytes
     * @return accepted digest (as a key) -> dataset id
     */
    Map<SampleDigests.Key, UUID> accepted(List<byte[]> digests);

    /** Stores {@code digests} as accepted samples of {@code datasetId} (batched; digests already there are kept). */
    void accept(UUID datasetId, List<byte[]> digests);
}
