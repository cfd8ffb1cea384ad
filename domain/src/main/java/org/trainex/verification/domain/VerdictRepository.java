package org.trainex.verification.domain;

import java.util.Optional;
import java.util.UUID;

/** Verdicts, one per job. */
public interface VerdictRepository {
    Optional<Verdict> find(UUID jobId);

    void add(Verdict verdict);
}
