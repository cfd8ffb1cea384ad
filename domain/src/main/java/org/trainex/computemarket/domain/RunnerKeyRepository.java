package org.trainex.computemarket.domain;

import java.util.List;
import java.util.Optional;

/** Runner keys ({@link RunnerKey}). */
public interface RunnerKeyRepository {
    /** The key row of a runner id, locked for update. */
    Optional<RunnerKey> lock(String runnerId);

    /** The live key whose SHA-256 is {@code keySha256}. */
    Optional<RunnerKey> byHash(String keySha256);

    void add(RunnerKey key);

    /** The provider's keys by runner id. */
    List<RunnerKey> ofProvider(String provider);
}
