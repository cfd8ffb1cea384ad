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

    /**
     * Records that the runner's key was used at {@code now}, if its last use is older than {@code before} (or
     * unknown): one conditional UPDATE, so concurrent requests of a runner never conflict on the row's version.
     */
    void touch(String runnerId, java.time.Instant now, java.time.Instant before);

    /** The provider's keys by runner id. */
    List<RunnerKey> ofProvider(String provider);
}
