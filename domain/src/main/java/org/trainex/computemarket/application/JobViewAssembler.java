package org.trainex.computemarket.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.trainex.computemarket.api.ChunkView;
import org.trainex.computemarket.api.JobView;
import org.trainex.computemarket.api.RoundView;
import org.trainex.computemarket.domain.FederatedRepository;
import org.trainex.computemarket.domain.TrainingChunk;
import org.trainex.computemarket.domain.TrainingJob;

/** Assembles a job's view with its rounds and chunk attempts (DESIGN.md convention 16), in the caller's transaction. */
@ApplicationScoped
public class JobViewAssembler {
    @Inject
    FederatedRepository federated;

    /** The view of a federated job with its rounds and attempts. */
    public JobView view(TrainingJob job) {
        List<TrainingChunk> chunks = federated.chunks(job.id());
        Map<Integer, Set<Integer>> doneSlots = new HashMap<>();
        chunks.stream().filter(c -> c.state() == TrainingChunk.State.DONE)
                .forEach(c -> doneSlots.computeIfAbsent(c.round(), k -> new HashSet<>()).add(c.slot()));
        List<RoundView> rounds = federated.rounds(job.id()).stream()
                .map(r -> r.toView(doneSlots.getOrDefault(r.round(), Set.of()).size())).toList();
        List<ChunkView> chunkViews = chunks.stream().map(TrainingChunk::toView).toList();
        return job.toView(rounds, chunkViews);
    }
}
