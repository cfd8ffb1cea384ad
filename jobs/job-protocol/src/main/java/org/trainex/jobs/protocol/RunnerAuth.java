package org.trainex.jobs.protocol;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How a runner proves who it is to the exchange, and which blobs it may fetch (issue 11 item 6; ADR 0012).
 *
 * <ul>
 *   <li>Every HTTP request of a runner carries its OIDC bearer token (client credentials of {@code trainex-runner},
 *       realm role {@code runner} only) <em>and</em> its own runner key in the header {@value #KEY_HEADER}. The
 *       key is issued by the runner's provider ({@code POST /api/providers/me/runners/{id}/key}), bound to one runner id and
 *       that provider, shown once, stored only as its SHA-256, and revocable ({@code DELETE
 *       /api/providers/me/runners/{id}/key}). A request with the runner role and no valid key is 401.</li>
 *   <li>A runner downloads a blob for the task it works on: {@code GET /api/blobs/{cid}?}{@value #TASK_PARAM}{@code
 *       =<taskId>}. The exchange serves it only if that task was dispatched naming the blob
 *       ({@link #contentIds(Task)}), has no recorded result yet, and is untargeted or targeted at this runner.</li>
 * </ul>
 */
public final class RunnerAuth {
    /** Request header carrying the runner key (the secret the provider was shown once). */
    public static final String KEY_HEADER = "Trainex-Runner-Key";
    /** Query parameter of a blob download naming the task the blob is fetched for. */
    public static final String TASK_PARAM = "task";

    /**
     * The content ids of the blobs a task names: what its runner may download while it holds the task.
     *
     * @return in order of appearance, without duplicates; empty for a {@link NoopTask}
     */
    public static Set<String> contentIds(Task task) {
        Set<String> ids = new LinkedHashSet<>();
        if (task instanceof TrainTask t) {
            if (t.initialModelCid() != null) {
                ids.add(t.initialModelCid());
            }
            add(ids, t.data());
        } else if (task instanceof EvaluateTask t) {
            ids.add(t.modelCid());
            add(ids, t.data());
        } else if (task instanceof ClassifyTask t) {
            add(ids, t.reference());
            add(ids, t.candidate());
        } else if (task instanceof AggregateTask t) {
            t.models().forEach(m -> ids.add(m.modelCid()));
        }
        return ids;
    }

    private static void add(Set<String> ids, DatasetRef d) {
        ids.add(d.imagesCid());
        ids.add(d.labelsCid());
    }

    private RunnerAuth() {
    }
}
