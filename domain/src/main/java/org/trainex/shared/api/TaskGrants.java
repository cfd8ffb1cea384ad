package org.trainex.shared.api;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which blobs a runner may download: those named by a task it works on (issue 11 item 6; ADR 0012). The dispatcher
 * records each task's content ids in the transaction that sends it; a runner names the task when it downloads
 * ({@code GET /api/blobs/{cid}?task=<taskId>}); the result consumer closes the task when its result is recorded.
 * A runner that never received the task id (it is only in the task's message) cannot name it.
 */
public interface TaskGrants {
    /**
     * Records that {@code taskId} was dispatched naming {@code contentIds}, in the caller's transaction. A task
     * naming no blob is not recorded.
     *
     * @param targetRunner the runner the task is meant for, or null for any runner
     */
    void dispatched(UUID taskId, String targetRunner, Set<String> contentIds);

    /**
     * Whether {@code runnerId} may download {@code contentId} for {@code taskId}: the task names the blob, has no
     * recorded result, and is untargeted or targeted at that runner. A granted download records the first fetch
     * (runner and time) of the task. Own transaction.
     *
     * @return empty when granted, else why not (one sentence for the 403)
     */
    Optional<String> refusal(UUID taskId, String runnerId, String contentId);

    /** When a runner first downloaded a blob for {@code taskId} (the start of its work as the exchange saw it). */
    Optional<Instant> firstFetch(UUID taskId);

    /** Marks the task finished (its result is recorded): no more downloads for it. Idempotent. */
    void finished(UUID taskId);
}
