package org.trainex.computemarket.application;

import org.trainex.computemarket.api.JobEvents.JobCompleted;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.computemarket.api.ChunkView;
import org.trainex.computemarket.api.JobView;
import org.trainex.computemarket.api.MatchView;
import org.trainex.computemarket.api.RoundView;
import org.trainex.computemarket.domain.FederatedRepository;
import org.trainex.computemarket.domain.ProviderRepository;
import org.trainex.computemarket.domain.Runner;
import org.trainex.computemarket.domain.TrainingChunk;
import org.trainex.computemarket.domain.TrainingJob;
import org.trainex.computemarket.domain.TrainingJobRepository;
import org.trainex.computemarket.domain.TrainingOrder;
import org.trainex.computemarket.domain.TrainingOrderRepository;
import org.trainex.computemarket.domain.TrainingRound;
import org.trainex.computemarket.domain.federated.ChunkPlan;
import org.trainex.computemarket.domain.federated.ShardPlan;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.datamarket.api.Datasets;
import org.trainex.jobs.protocol.AggregateTask;
import org.trainex.jobs.protocol.EvaluateTask;
import org.trainex.jobs.protocol.TaskProgress;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.jobs.protocol.TrainTask;
import org.trainex.shared.api.Blobs;
import org.trainex.shared.api.ContentId;
import org.trainex.shared.api.Settings;
import org.trainex.shared.api.TaskDispatcher;

/**
 * Runs a matched order's job as FedAvg rounds across its matched runners (issue 5 item 4; DKLabs, seed 002,
 * Section 7.2; McMahan et al. 2017, Algorithm 1):
 * <ol>
 *   <li>each round, the order's training datasets are cut into chunks sized by each matched runner's capacity
 *       ({@link ChunkPlan}); every chunk is a {@link TrainTask} targeted at its runner, starting from the last
 *       global model, for the order's local epochs;</li>
 *   <li>each chunk attempt holds a lease of {@code TRAINEX_CHUNK_LEASE_SECONDS} (default 15) renewed by its
 *       runner's heartbeats and progress reports; when it runs out (the runner died), the slot is re-dispatched as
 *       a new attempt to the live matched runner with the least outstanding work ({@link #dispatchDue()});</li>
 *   <li>when every slot has an accepted result, one {@link AggregateTask} (any runner) averages the chunk models
 *       weighted by samples; then an {@link EvaluateTask} measures the global model on the test set while the next
 *       round starts from it;</li>
 *   <li>the last round's evaluation completes the job and announces {@code JobCompleted}; the verification
 *       context answers {@code WorkVerified}, and only then does {@link SettlementService} settle the escrow.</li>
 * </ol>
 * An attempt that finds no live matched runner waits; if none returns within the order's maximum duration (from
 * the job's start) the job fails (also announced as {@code JobCompleted}, not succeeded) and the escrow settles once
 * verified (accepted work paid, the rest refunded).
 * Results are applied exactly once: the first valid result of a slot is accepted (the chunk's row is locked;
 * a partial unique index allows one DONE attempt per slot), every other result of the slot is LATE; aggregation
 * and evaluation results apply only to their round's current task id.
 */
@Stateless
@LocalBean
public class FederatedTraining {
    private static final Logger LOG = Logger.getLogger(FederatedTraining.class.getName());
    /** Attempts per slot before the job fails (crashes and failed results together). */
    static final int MAX_ATTEMPTS = 5;

    @Inject
    FederatedRepository federated;
    @Inject
    TrainingJobRepository jobs;
    @Inject
    TrainingOrderRepository orders;
    @Inject
    ProviderRepository providers;
    @Inject
    Datasets datasets;
    @Inject
    Blobs blobs;
    @Inject
    TaskDispatcher dispatcher;
    @Inject
    ProviderService providerService;
    @Inject
    SettlementService settlement;
    @Inject
    DomainEvents events;

    /** The chunk lease: {@code TRAINEX_CHUNK_LEASE_SECONDS}, default 15 s (three runner heartbeats). */
    static Duration lease() {
        return Duration.ofSeconds(Settings.getLong("chunk.lease.seconds", 15));
    }

    /**
     * Starts the job of a matched order: records it and dispatches round 1 (caller's transaction).
     *
     * @param match the order's match (its fills name the runners and prices)
     * @return the job id
     */
    public UUID start(TrainingOrder order, MatchView match, Instant now) {
        TrainingJob job = TrainingJob.federated(UUID.randomUUID(), order.id(), order.rounds(), now);
        jobs.add(job);
        startRound(job, order, match, 1, null, now);
        return job.id();
    }

    private void startRound(TrainingJob job, TrainingOrder order, MatchView match, int round, String initialModel,
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
                        + c.runnerId() + " is not live; dispatchDue() assigns the chunk to another");
            }
        }
        LOG.info(() -> String.format("job %s round %d/%d: %d chunk(s) over %d runner(s), %d samples x %d local "
                        + "epoch(s)%s", job.id(), round, job.rounds(), plan.size(), capacities.size(), samples,
                order.epochs(), initialModel == null ? "" : ", from global model " + initialModel));
    }

    private void lease(TrainingChunk chunk, Runner runner, TrainingOrder order, String initialModel, Instant now) {
        DatasetView d = datasets.get(chunk.datasetId());
        chunk.lease(runner.id(), runner.provider(), now, lease());
        long seed = chunk.round() == 1 && initialModel == null ? order.seed() // same initial weights everywhere
                : order.seed() + 1_000L * chunk.round() + chunk.slot();
        dispatcher.dispatch(new TrainTask(chunk.taskId(), chunk.jobId(), order.modelConfig(), initialModel,
                OrderService.ref(d), chunk.sampleOffset(), chunk.sampleCount(), chunk.epochs(), order.batchSize(),
                seed), runner.id());
    }

    private static boolean live(Runner r, Instant now) {
        return r.state() == Runner.State.ACTIVE && !r.lastHeartbeat().plus(lease()).isBefore(now);
    }

    /**
     * Applies a result of a federated job (its row locked by the caller). Unknown, duplicate and late results
     * change nothing but the attempt's record.
     *
     * @return true if the job advanced
     */
    public boolean onResult(TrainingJob job, TaskResult r, Instant now) {
        if (job.ended()) {
            LOG.info(() -> r.kind() + " result of task " + r.taskId() + " for ended job " + job.id() + ": ignored");
            return false;
        }
        return switch (r.kind()) {
            case TRAIN -> onTrainResult(job, r, now);
            case AGGREGATE -> onAggregateResult(job, r, now);
            case EVALUATE -> onEvaluateResult(job, r, now);
            default -> false;
        };
    }

    private boolean onTrainResult(TrainingJob job, TaskResult r, Instant now) {
        Optional<TrainingChunk> found = federated.lockChunk(r.taskId());
        if (found.isEmpty() || !found.get().jobId().equals(job.id())) {
            LOG.warning(() -> "train result of unknown task " + r.taskId() + " for job " + job.id() + ": ignored");
            return false;
        }
        TrainingChunk chunk = found.get();
        if (chunk.state() == TrainingChunk.State.DONE || chunk.state() == TrainingChunk.State.LATE
                || chunk.state() == TrainingChunk.State.FAILED) {
            LOG.info(() -> "duplicate result of chunk " + chunk.taskId() + " (" + chunk.state() + "): ignored");
            return false;
        }
        List<TrainingChunk> slot = federated.chunks(job.id(), chunk.round()).stream()
                .filter(c -> c.slot() == chunk.slot()).toList();
        boolean slotDone = slot.stream().anyMatch(c -> c.state() == TrainingChunk.State.DONE);
        if (slotDone || !Integer.valueOf(chunk.round()).equals(job.currentRound())) {
            chunk.late(now);
            LOG.info(() -> "late result of chunk " + chunk.taskId() + " (round " + chunk.round() + " slot "
                    + chunk.slot() + " attempt " + chunk.attempt() + ", runner " + r.runnerId()
                    + "): the slot is already done, not paid");
            return false;
        }
        TrainingOrder order = orders.find(job.orderId()).orElseThrow();
        if (r.status() != TaskResult.Status.SUCCEEDED || r.modelCid() == null
                || blobs.find(ContentId.of(r.modelCid())).isEmpty()
                || r.samples() != chunk.sampleSteps()) {
            String why = r.status() != TaskResult.Status.SUCCEEDED ? "failed on runner " + r.runnerId() + ": "
                    + r.error() : "unusable result from runner " + r.runnerId() + " (model " + r.modelCid()
                    + ", " + r.samples() + " of " + chunk.sampleSteps() + " sample-steps)";
            boolean wasLive = chunk.state() == TrainingChunk.State.LEASED;
            chunk.fail(why, now);
            LOG.warning(() -> "chunk " + chunk.taskId() + " " + why);
            if (wasLive && slot.stream().noneMatch(c -> c.state() == TrainingChunk.State.LEASED
                    || c.state() == TrainingChunk.State.PENDING)) {
                return retry(job, order, chunk, now);
            }
            return false;
        }
        String provider = providers.runner(r.runnerId()).map(Runner::provider).orElse(chunk.provider());
        chunk.accept(r.runnerId(), provider, r.modelCid(), r.loss(), r.samplesPerSecond(), r.wallMillis(), now);
        providerService.observed(r.runnerId(), r.samplesPerSecond(), r.taskId(), chunk.sampleSteps());
        LOG.info(() -> String.format("job %s round %d slot %d done by %s (attempt %d): %d sample-steps, loss %.4f, "
                        + "%.0f samples/s, %s wei", job.id(), chunk.round(), chunk.slot(), r.runnerId(),
                chunk.attempt(), chunk.sampleSteps(), r.loss(), r.samplesPerSecond(), chunk.paymentWei()));
        TrainingRound round = federated.lockRound(job.id(), chunk.round()).orElseThrow();
        Map<Integer, TrainingChunk> done = new LinkedHashMap<>();
        for (TrainingChunk c : federated.chunks(job.id(), chunk.round())) {
            if (c.state() == TrainingChunk.State.DONE || c.taskId().equals(chunk.taskId())) {
                done.put(c.slot(), c.taskId().equals(chunk.taskId()) ? chunk : c);
            }
        }
        if (done.size() < round.chunks() || round.state() != TrainingRound.State.TRAINING) {
            return true;
        }
        List<AggregateTask.WeightedModel> models = new ArrayList<>();
        double lossSum = 0;
        long samples = 0;
        for (TrainingChunk c : done.values()) {
            models.add(new AggregateTask.WeightedModel(c.modelCid(), c.sampleCount()));
            lossSum += (c.loss() == null ? Double.NaN : c.loss()) * c.sampleCount();
            samples += c.sampleCount();
        }
        UUID aggregateId = UUID.randomUUID();
        round.aggregating(aggregateId, lossSum / samples);
        dispatcher.dispatch(new AggregateTask(aggregateId, job.id(), models, round.round()));
        LOG.info(() -> "job " + job.id() + " round " + round.round() + ": all " + round.chunks()
                + " chunk(s) in; aggregation " + aggregateId + " queued");
        return true;
    }

    private boolean onAggregateResult(TrainingJob job, TaskResult r, Instant now) {
        Optional<TrainingRound> found = federated.lockRoundByTask(r.taskId());
        if (found.isEmpty() || !found.get().jobId().equals(job.id())) {
            LOG.warning(() -> "aggregate result of unknown task " + r.taskId() + ": ignored");
            return false;
        }
        TrainingRound round = found.get();
        if (round.state() != TrainingRound.State.AGGREGATING) {
            LOG.info(() -> "duplicate aggregate result of round " + round.round() + ": ignored");
            return false;
        }
        if (r.status() != TaskResult.Status.SUCCEEDED || r.modelCid() == null
                || blobs.find(ContentId.of(r.modelCid())).isEmpty()) {
            fail(job, "aggregation of round " + round.round() + " failed on runner " + r.runnerId() + ": "
                    + (r.error() == null ? "model " + r.modelCid() + " not uploaded" : r.error()), now);
            return true;
        }
        TrainingOrder order = orders.find(job.orderId()).orElseThrow();
        UUID evalId = UUID.randomUUID();
        round.aggregated(r.taskId(), r.modelCid(), evalId, now);
        dispatcher.dispatch(new EvaluateTask(evalId, job.id(), r.modelCid(),
                OrderService.ref(datasets.get(order.testDatasetId())), JobService.EVALUATION_BATCH));
        LOG.info(() -> "job " + job.id() + " round " + round.round() + " aggregated by " + r.runnerId()
                + " into " + r.modelCid() + "; evaluation queued");
        if (round.round() < job.rounds()) {
            MatchView match = settlement.matchOf(order.id());
            startRound(job, order, match, round.round() + 1, r.modelCid(), now);
        } else {
            job.lastRoundAggregated(r.modelCid(), (long) job.rounds() * order.epochs() * r.samples(),
                    round.trainLoss() == null ? Double.NaN : round.trainLoss(), now);
        }
        return true;
    }

    private boolean onEvaluateResult(TrainingJob job, TaskResult r, Instant now) {
        Optional<TrainingRound> found = federated.lockRoundByTask(r.taskId());
        if (found.isEmpty() || !found.get().jobId().equals(job.id())) {
            LOG.warning(() -> "evaluation result of unknown task " + r.taskId() + ": ignored");
            return false;
        }
        TrainingRound round = found.get();
        if (r.status() != TaskResult.Status.SUCCEEDED || !(r.accuracy() >= 0 && r.accuracy() <= 1)
                || !round.globalModelCid().equals(r.modelCid())) {
            if (round.state() == TrainingRound.State.AGGREGATED) {
                fail(job, "evaluation of round " + round.round() + " failed on runner " + r.runnerId() + ": "
                        + (r.error() == null ? "invalid result (accuracy " + r.accuracy() + ")" : r.error()), now);
                return true;
            }
            return false;
        }
        if (!round.evaluated(r.taskId(), r.samples(), r.accuracy(), r.loss(), now)) {
            LOG.info(() -> "duplicate evaluation of round " + round.round() + ": ignored");
            return false;
        }
        LOG.info(() -> String.format("job %s round %d: test accuracy %.4f, loss %.4f on %d samples", job.id(),
                round.round(), r.accuracy(), r.loss(), r.samples()));
        if (round.round() == job.rounds() && job.state() == TrainingJob.State.EVALUATING) {
            job.federatedCompleted(r.samples(), r.accuracy(), r.loss(), now);
            orders.find(job.orderId()).ifPresent(o -> o.finish(true));
            LOG.info(() -> String.format("job %s completed after %d round(s): test accuracy %.4f", job.id(),
                    job.rounds(), r.accuracy()));
            ended(job, true);
        }
        return true;
    }

    /** Progress of a chunk attempt: recorded, and its lease renewed. */
    public void onProgress(TaskProgress p, Instant now) {
        federated.lockChunk(p.taskId()).ifPresent(c -> c.progress(p.samplesDone(), p.loss(), p.samplesPerSecond(),
                now, lease()));
    }

    /** A runner's heartbeat renews the leases of its attempts. */
    public void heartbeat(String runnerId, Instant now) {
        federated.renewLeases(runnerId, now.plus(lease()));
    }

    /**
     * Re-dispatches attempts whose lease ran out, and assigns PENDING attempts, to live matched runners.
     *
     * @return attempts dispatched
     */
    public int dispatchDue() {
        int dispatched = 0;
        for (DueChunk d : dueChunks()) {
            if (dispatchDue(d)) {
                dispatched++;
            }
        }
        return dispatched;
    }

    /** A due chunk attempt: its job and task ids. */
    public record DueChunk(UUID jobId, UUID taskId) {
    }

    /** The chunk attempts that are due now (lease expired, or pending), at most 100. */
    public List<DueChunk> dueChunks() {
        return federated.due(Instant.now(), 100).stream().map(c -> new DueChunk(c.jobId(), c.taskId())).toList();
    }

    /**
     * Re-dispatches or assigns one due chunk attempt (its own transaction when called through the bean).
     *
     * @return true if a task was dispatched
     */
    public boolean dispatchDue(DueChunk due) {
        Instant now = Instant.now();
        int dispatched = 0;
        {
            // lock order as for results: job, then chunk
            TrainingJob job = jobs.findForUpdate(due.jobId()).orElseThrow();
            TrainingChunk c = federated.lockChunk(due.taskId()).orElse(null);
            if (c == null) {
                return false;
            }
            if (!c.leaseExpired(now) && c.state() != TrainingChunk.State.PENDING) {
                return false; // a result or heartbeat got there first
            }
            if (job.ended()) {
                if (c.state() == TrainingChunk.State.LEASED) {
                    c.expire(now);
                }
                return false;
            }
            TrainingOrder order = orders.find(job.orderId()).orElseThrow();
            if (c.state() == TrainingChunk.State.LEASED) {
                c.expire(now);
                LOG.warning(() -> "job " + job.id() + " round " + c.round() + " slot " + c.slot() + ": lease of "
                        + "runner " + c.runnerId() + " expired (attempt " + c.attempt() + "); re-dispatching");
                if (retry(job, order, c, now)) {
                    dispatched++;
                }
            } else if (order.maxDurationSeconds() != null
                    && job.createdAt().plusSeconds(order.maxDurationSeconds()).isBefore(now)) {
                fail(job, "round " + c.round() + " slot " + c.slot() + " found no live matched runner within the "
                        + "order's maximum duration of " + order.maxDurationSeconds() + " s", now);
            } else if (assign(job, order, c, Set.of(), now, false)) {
                dispatched++;
            }
        }
        return dispatched > 0;
    }

    private boolean retry(TrainingJob job, TrainingOrder order, TrainingChunk previous, Instant now) {
        if (previous.attempt() >= MAX_ATTEMPTS) {
            fail(job, "round " + previous.round() + " slot " + previous.slot() + " failed " + previous.attempt()
                    + " times; last runner " + previous.runnerId(), now);
            return false;
        }
        TrainingChunk next = previous.retry(UUID.randomUUID());
        federated.add(next);
        Set<String> avoid = new HashSet<>();
        if (previous.runnerId() != null) {
            avoid.add(previous.runnerId());
        }
        return assign(job, order, next, avoid, now, true);
    }

    /**
     * Leases a PENDING attempt to the live matched runner with the least outstanding work in its round.
     *
     * @param report whether to log that it must wait (once, when the attempt is created; not at every tick)
     */
    private boolean assign(TrainingJob job, TrainingOrder order, TrainingChunk c, Set<String> avoid, Instant now,
                           boolean report) {
        MatchView match = settlement.matchOf(order.id());
        Map<String, Long> outstanding = new HashMap<>();
        for (TrainingChunk other : federated.chunks(job.id(), c.round())) {
            if (other.state() == TrainingChunk.State.LEASED && other.runnerId() != null) {
                outstanding.merge(other.runnerId(), (long) other.sampleCount(), Long::sum);
            }
        }
        List<Runner> candidates = match.fills().stream().flatMap(f -> f.runnerIds().stream()).distinct()
                .filter(id -> !avoid.contains(id)).map(providers::runner).flatMap(Optional::stream)
                .filter(r -> live(r, now)).sorted(Comparator
                        .comparingLong((Runner r) -> outstanding.getOrDefault(r.id(), 0L))
                        .thenComparing(Comparator.comparingLong(Runner::effectiveCapacity).reversed())
                        .thenComparing(Runner::id)).toList();
        if (candidates.isEmpty()) {
            if (report) {
                LOG.warning(() -> "job " + job.id() + " round " + c.round() + " slot " + c.slot() + ": no live "
                        + "matched runner; the attempt waits (at most the order's maximum duration)");
            }
            return false;
        }
        Runner target = candidates.get(0);
        TrainingRound round = federated.lockRound(job.id(), c.round()).orElseThrow();
        lease(c, target, order, round.initialModelCid(), now);
        LOG.info(() -> "job " + job.id() + " round " + c.round() + " slot " + c.slot() + " attempt " + c.attempt()
                + " dispatched to " + target.id());
        return true;
    }

    private void fail(TrainingJob job, String reason, Instant now) {
        if (job.federatedFailed(reason, now)) {
            orders.find(job.orderId()).ifPresent(o -> o.finish(false));
            LOG.warning(() -> "job " + job.id() + " failed: " + reason);
            ended(job, false);
        }
    }

    /**
     * Announces the job's end ({@link JobCompleted}, in this transaction): the verification context judges its work
     * and only its {@code WorkVerified} lets the escrow be settled (issue 12 item 2).
     */
    private void ended(TrainingJob job, boolean succeeded) {
        String tier = orders.find(job.orderId()).map(TrainingOrder::verificationTier).orElse("none");
        events.publish(new JobCompleted(DomainEvent.idOf("JobCompleted", job.id()), job.id(), job.orderId(),
                succeeded, tier));
    }

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
