package org.trainex.computemarket.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Rounds and chunk attempts of federated jobs. */
public interface FederatedRepository {
    void add(TrainingRound round);

    void add(TrainingChunk chunk);

    Optional<TrainingRound> lockRound(UUID jobId, int round);

    /** Rounds of a job, in order. */
    List<TrainingRound> rounds(UUID jobId);

    /** The round whose aggregation or evaluation task is {@code taskId}, locked. */
    Optional<TrainingRound> lockRoundByTask(UUID taskId);

    Optional<TrainingChunk> lockChunk(UUID taskId);

    /** Every attempt of a job, by round, slot, attempt. */
    List<TrainingChunk> chunks(UUID jobId);

    /** Attempts of one round, by slot and attempt. */
    List<TrainingChunk> chunks(UUID jobId, int round);

    /** LEASED attempts whose lease ran out by {@code now}, and PENDING attempts (not locked). */
    List<TrainingChunk> due(Instant now, int limit);

    /** Renews the lease of every LEASED attempt of {@code runnerId} to {@code until}. @return attempts renewed */
    int renewLeases(String runnerId, Instant until);

    /** DONE attempts of a job (the accepted work). */
    List<TrainingChunk> accepted(UUID jobId);
}
