package org.trainex.operations.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.trainex.operations.api.DispatchProbes;
import org.trainex.shared.api.InvalidInputException;

/**
 * A dispatch probe: {@code chunks} noop tasks dispatched in batches, whose results are counted once each
 * ({@link DispatchProbes}; issue 5 item 8). The aggregate holds what was requested and how far dispatching got;
 * results live beside it ({@link DispatchProbeRepository#recordResult}), one row per chunk.
 *
 * <p><b>Task ids.</b> Chunk {@code seq} (1..{@code chunks}) has the task id
 * {@code UUID(probe.msb, probe.lsb XOR seq)}: the probe's own (random, version 4) id with the sequence number
 * mixed into its low 62 bits, so version and variant bits stay those of a random UUID, the ids of one probe are
 * distinct, and a result's task id maps back to its chunk without a lookup ({@link #seqOf(UUID)}), which also
 * rejects task ids the probe never issued.
 */
@Entity
@Table(name = "dispatch_probe", schema = "operations")
public class DispatchProbe {
    @Id
    private UUID id;
    @Column(nullable = false)
    private int chunks;
    @Column(name = "batch_size", nullable = false)
    private int batchSize;
    @Column(nullable = false)
    private int dispatched;
    @Column(name = "requested_by", nullable = false, length = 100)
    private String requestedBy;
    @Column(name = "started_at", nullable = false)
    private Instant startedAt;
    @Column(name = "first_dispatch_at")
    private Instant firstDispatchAt;
    @Column(name = "last_dispatch_at")
    private Instant lastDispatchAt;
    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    protected DispatchProbe() {
    }

    /**
     * @param chunks      1..{@value DispatchProbes#MAX_CHUNKS}
     * @param batchSize   chunks per dispatch transaction, at least 1
     * @param requestedBy the operator, 1..100 characters
     * @throws InvalidInputException naming the bad argument
     */
    public DispatchProbe(UUID id, int chunks, int batchSize, String requestedBy, Instant now) {
        if (chunks < 1 || chunks > DispatchProbes.MAX_CHUNKS) {
            throw new InvalidInputException("chunks must be between 1 and " + DispatchProbes.MAX_CHUNKS + ", got "
                    + chunks);
        }
        if (batchSize < 1) {
            throw new InvalidInputException("batch size must be at least 1, got " + batchSize);
        }
        if (requestedBy == null || requestedBy.isBlank() || requestedBy.length() > 100) {
            throw new InvalidInputException("requestedBy must be 1 to 100 characters");
        }
        if (id.version() != 4) {
            throw new IllegalArgumentException("a probe id is a random (version 4) UUID: " + id);
        }
        this.id = id;
        this.chunks = chunks;
        this.batchSize = batchSize;
        this.requestedBy = requestedBy;
        this.startedAt = Objects.requireNonNull(now);
    }

    /** The next batch of chunks to dispatch, if any (none once cancelled): what {@link #dispatchedBatch} returns. */
    public Optional<Batch> nextBatch() {
        if (dispatched >= chunks || cancelledAt != null) {
            return Optional.empty();
        }
        int first = dispatched + 1;
        return Optional.of(new Batch(dispatched / batchSize, first, Math.min(batchSize, chunks - dispatched)));
    }

    /**
     * Marks the next batch dispatched at {@code now} and returns it; the caller sends its tasks in the same
     * transaction (the probe row is locked).
     *
     * @throws IllegalStateException if every chunk was dispatched or the probe was cancelled
     */
    public Batch dispatchedBatch(Instant now) {
        Batch b = nextBatch().orElseThrow(() -> new IllegalStateException("probe " + id + " is fully dispatched or "
                + "cancelled"));
        dispatched += b.count();
        if (firstDispatchAt == null) {
            firstDispatchAt = now;
        }
        lastDispatchAt = now;
        return b;
    }

    /**
     * Stops dispatching: no further batch goes out (chunks already dispatched stay queued and are answered and
     * counted as usual). Cancelling twice keeps the first time.
     */
    public void cancel(Instant now) {
        if (cancelledAt == null) {
            cancelledAt = Objects.requireNonNull(now);
        }
    }

    /** The task id of chunk {@code seq}. @throws IllegalArgumentException if {@code seq} is not 1..chunks */
    public UUID taskId(int seq) {
        if (seq < 1 || seq > chunks) {
            throw new IllegalArgumentException("chunk " + seq + " is outside 1.." + chunks);
        }
        return taskId(id, seq);
    }

    /** The task id of chunk {@code seq} of probe {@code probeId}. */
    public static UUID taskId(UUID probeId, int seq) {
        return new UUID(probeId.getMostSignificantBits(), probeId.getLeastSignificantBits() ^ seq);
    }

    /** The chunk a task id names, if it is one this probe issued (1..chunks), else empty. */
    public OptionalInt seqOf(UUID taskId) {
        return seqOf(id, taskId, chunks);
    }

    /**
     * The chunk of probe {@code probeId} that {@code taskId} names ({@link #taskId(UUID, int)}), if it is in
     * 1..{@code maxChunks}, else empty.
     */
    public static OptionalInt seqOf(UUID probeId, UUID taskId, int maxChunks) {
        if (taskId.getMostSignificantBits() != probeId.getMostSignificantBits()) {
            return OptionalInt.empty();
        }
        long seq = taskId.getLeastSignificantBits() ^ probeId.getLeastSignificantBits();
        return seq >= 1 && seq <= maxChunks ? OptionalInt.of((int) seq) : OptionalInt.empty();
    }

    /** The chunk numbers {@code [firstSeq, firstSeq + count)} of one dispatch transaction, batch {@code number}. */
    public record Batch(int number, int firstSeq, int count) {
    }

    public UUID id() {
        return id;
    }

    public int chunks() {
        return chunks;
    }

    public int batchSize() {
        return batchSize;
    }

    public int dispatched() {
        return dispatched;
    }

    public boolean fullyDispatched() {
        return dispatched >= chunks;
    }

    /** Whether dispatching is over: every chunk went out, or the probe was cancelled. */
    public boolean dispatchEnded() {
        return dispatched >= chunks || cancelledAt != null;
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }

    public String requestedBy() {
        return requestedBy;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant firstDispatchAt() {
        return firstDispatchAt;
    }

    public Instant lastDispatchAt() {
        return lastDispatchAt;
    }
}
