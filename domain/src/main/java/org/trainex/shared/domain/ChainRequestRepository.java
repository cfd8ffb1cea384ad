package org.trainex.shared.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outbox rows (chain requests). */
public interface ChainRequestRepository {
    void add(ChainRequest request);

    Optional<ChainRequest> find(UUID id);

    /** The row, locked for update until the transaction ends. */
    Optional<ChainRequest> lock(UUID id);

    /** PENDING rows due at {@code now}, oldest first. */
    List<ChainRequest> due(Instant now, int limit);

    /** SIGNED rows by nonce. */
    List<ChainRequest> signed();

    /** Newest first. */
    List<ChainRequest> recent(int limit);

    Optional<Long> highestNonce(String sender);

    /** Writes pending changes now, so constraint violations surface in the caller. */
    void flush();
}
