package org.trainex.computemarket.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.trainex.computemarket.api.MatchView;
import org.trainex.computemarket.domain.FederatedRepository;
import org.trainex.computemarket.domain.ProviderRepository;
import org.trainex.computemarket.domain.Runner;
import org.trainex.computemarket.domain.TrainingChunk;
import org.trainex.computemarket.domain.TrainingJob;
import org.trainex.computemarket.domain.TrainingJobRepository;
import org.trainex.computemarket.domain.TrainingOrder;
import org.trainex.computemarket.domain.TrainingRound;
import org.trainex.computemarket.domain.federated.ChunkPlan;
import org.trainex.computemarket.domain.federated.ShardPlan;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.datamarket.api.Datasets;
import org.trainex.jobs.protocol.TrainTask;
import org.trainex.shared.api.Settings;
import org.trainex.shared.api.TaskDispatcher;

/**
 * Plans a FedAvg job's rounds (issue 5 item 4; DKLabs, seed 002, Section 7.2; McMahan et al. 2017, Algorithm 1):
 * each round, the order's training datasets are cut into chunks sized by each matched runner's capacity
 * ({@link ChunkPlan}, {@link ShardPlan}); every chunk is a {@link TrainTask} targeted at its runner, starting from
 * the last global model, for the order's local epochs, under a lease ({@link #lease()}). The other two parts of a
 * job's life are the {@link LeaseSupervisor} (expired leases, waiting attempts) and the {@link ResultRecorder}
 * (results, aggregation, evaluation, the job's end).
 */
@Stateless
@LocalBean
public class RoundPlanner {
    private static final Logger LOG = Logger.getLogger(RoundPlanner.class.getName());

    @Inject
    FederatedRepository federated;
    @Inject
    TrainingJobRepository jobs;
    @Inject
    ProviderRepository providers;
    @Inject
    Datasets datasets;
    @Inject
    TaskDispatcher dispatcher;

    /** The chunk lease: {@code TRAINEX_CHUNK_LEASE_SECONDS}, default 15 s (three runner heartbeats). */
    public static Duration lease() {
        return Duration.ofSeconds(Settings.getLong("chunk.lease.seconds", 15));
    }

    /**
     * Starts the job of a matched order: records it and dispatches round 1 (caller's transaction).
     *
     * @param match the order's match (its fills name the runners and prices)
     * @return the job id
     */
    public UUID start(TrainingOrder order, MatchView match, Instant now) {
        TrainingJob job = new TrainingJob(UUID.randomUUID(), order.id(), order.rounds(), now);
        jobs.add(job);
        startRound(job, order, match, 1, null, now);
        return job.id();
    }

    /** Plans round {@code round} from {@code initialModel} (null: fresh weights) and leases its chunks. */
    public void startRound(TrainingJob job, TrainingOrder order, MatchView match, int round, String initialModel,
                            Instant now) {
        List<ChunkPlan.DatasetPart> parts = new ArrayList<>();
        for (UUID id : order.trainDatasetIds()) {
            parts.add(new ChunkPlan.DatasetPart(id, datasets.get(id).sampleCount()));
        }
        Map<String, java.math.BigInteger> priceOf = new HashMap<>();
        List<ShardPlan.RunnerCapacity> capacities = new ArrayList<>();
        for (MatchView.FillView f : match.fills()) {
            // a fill's capacity is shared by its runners in proportion to their effective capacity (the same exact
            // largest-remainder split as the samples); a runner whose share rounds to 0 samples/s gets no chunk
            List<ShardPlan.RunnerCapacity> weights = new ArrayList<>();
            for (String r : f.runnerIds()) {
                if (!priceOf.containsKey(r)) {
                    priceOf.put(r, new java.math.BigInteger(f.pricePerKiloSampleStepWei()));
                    long effective = providers.runner(r).map(Runner::effectiveCapacity).orElse(0L);
                    weights.add(new ShardPlan.RunnerCapacity(r, Math.max(1, effective)));
                }
            }
            if (!weights.isEmpty()) {
                int fillCapacity = (int) Math.min(Integer.MAX_VALUE, Math.max(1, f.capacity()));
                for (ShardPlan.Shard share : ShardPlan.split(fillCapacity, weights)) {
                    capacities.add(new ShardPlan.RunnerCapacity(share.runnerId(), share.count()));
                }
            }
        }
        List<ChunkPlan.Chunk> plan = ChunkPlan.plan(parts, capacities);
        long samples = parts.stream().mapToLong(ChunkPlan.DatasetPart::samples).sum();
        federated.add(new TrainingRound(job.id(), round, plan.size(), samples, initialModel, now));
        job.roundStarted(round, now);
        for (ChunkPlan.Chunk c : plan) {
            TrainingChunk chunk = new TrainingChunk(UUID.randomUUID(), job.id(), round, c.slot(), 1, c.datasetId(),
                    c.offset(), c.count(), order.epochs(), priceOf.get(c.runnerId()));
            federated.add(chunk);
            Runner runner = providers.runner(c.runnerId()).orElse(null);
            if (runner != null && live(runner, now)) {
                lease(chunk, runner, order, initialModel, now);
            } else {
                LOG.warning(() -> "job " + job.id() + " round " + round + " slot " + c.slot() + ": matched runner "
                        + c.runnerId() + " is not live; the lease supervisor assigns the chunk to another");
            }
        }
        LOG.info(() -> String.format("job %s round %d/%d: %d chunk(s) over %d runner(s), %d samples x %d local "
                        + "epoch(s)%s", job.id(), round, job.rounds(), plan.size(), capacities.size(), samples,
                order.epochs(), initialModel == null ? "" : ", from global model " + initialModel));
    }

    /** Leases an attempt to {@code runner} and dispatches its train task, targeted at it. */
    public void lease(TrainingChunk chunk, Runner runner, TrainingOrder order, String initialModel, Instant now) {
        DatasetView d = datasets.get(chunk.datasetId());
        chunk.lease(runner.id(), runner.provider(), now, lease());
        long seed = chunk.round() == 1 && initialModel == null ? order.seed() // same initial weights everywhere
                : order.seed() + 1_000L * chunk.round() + chunk.slot();
        dispatcher.dispatch(new TrainTask(chunk.taskId(), chunk.jobId(), order.modelConfig(), initialModel,
                OrderService.ref(d), chunk.sampleOffset(), chunk.sampleCount(), chunk.epochs(), order.batchSize(),
                seed), runner.id());
    }

    /** Whether a runner is active and beat within the lease. */
    public static boolean live(Runner r, Instant now) {
        return r.state() == Runner.State.ACTIVE && !r.lastHeartbeat().plus(lease()).isBefore(now);
    }

}
