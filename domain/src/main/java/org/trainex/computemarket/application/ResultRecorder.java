package org.trainex.computemarket.application;

import org.trainex.computemarket.api.TaskReports.RecordProgressCommand;
import org.trainex.computemarket.api.TaskReports.RecordResultCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.trainex.computemarket.domain.TrainingOrder;
import org.trainex.computemarket.domain.TrainingOrderRepository;
import org.trainex.computemarket.domain.TrainingRound;
import org.trainex.datamarket.api.Datasets;
import org.trainex.jobs.protocol.AggregateTask;
import org.trainex.jobs.protocol.EvaluateTask;
import org.trainex.shared.api.Blobs;
import org.trainex.shared.api.ContentId;
import org.trainex.shared.api.TaskDispatcher;

/**
 * Records the results of a FedAvg job's tasks, exactly once (issue 5 item 4; McMahan et al. 2017, Algorithm 1):
 * the first valid result of a slot is accepted (the chunk's row is locked; a partial unique index allows one DONE
 * attempt per slot), every other result of the slot is LATE; a failed or unusable result starts a new attempt
 * ({@link LeaseSupervisor#retry}). When every slot of a round is in, one {@link AggregateTask} (any runner) averages
 * the chunk models weighted by samples; then an {@link EvaluateTask} measures the global model on the test set
 * while the next round starts from it ({@link RoundPlanner}); the last round's evaluation completes the job
 * ({@link JobOutcomes}). Aggregation and evaluation results apply only to their round's current task id.
 */
@Stateless
@LocalBean
public class ResultRecorder {
    private static final Logger LOG = Logger.getLogger(ResultRecorder.class.getName());

    @Inject
    FederatedRepository federated;
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
    RoundPlanner planner;
    @Inject
    LeaseSupervisor leases;
    @Inject
    JobOutcomes outcomes;

    /**
     * Applies a result of a federated job (its row locked by the caller). Unknown, duplicate and late results
     * change nothing but the attempt's record.
     *
     * @return true if the job advanced
     */
    public boolean onResult(TrainingJob job, RecordResultCommand r, Instant now) {
        if (job.ended()) {
            LOG.info(() -> r.kind() + " result of task " + r.taskId() + " for ended job " + job.id() + ": ignored");
            return false;
        }
        return switch (r.kind()) {
            case TRAIN -> onTrainResult(job, r, now);
            case AGGREGATE -> onAggregateResult(job, r, now);
            case EVALUATE -> onEvaluateResult(job, r, now);
        };
    }

    private boolean onTrainResult(TrainingJob job, RecordResultCommand r, Instant now) {
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
        if (!r.succeeded() || r.modelCid() == null
                || blobs.find(ContentId.of(r.modelCid())).isEmpty()
                || r.samples() != chunk.sampleSteps()) {
            String why = !r.succeeded() ? "failed on runner " + r.runnerId() + ": "
                    + r.error() : "unusable result from runner " + r.runnerId() + " (model " + r.modelCid()
                    + ", " + r.samples() + " of " + chunk.sampleSteps() + " sample-steps)";
            boolean wasLive = chunk.state() == TrainingChunk.State.LEASED;
            chunk.fail(why, now);
            LOG.warning(() -> "chunk " + chunk.taskId() + " " + why);
            if (wasLive && slot.stream().noneMatch(c -> c.state() == TrainingChunk.State.LEASED
                    || c.state() == TrainingChunk.State.PENDING)) {
                return leases.retry(job, order, chunk, now);
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

    private boolean onAggregateResult(TrainingJob job, RecordResultCommand r, Instant now) {
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
        if (!r.succeeded() || r.modelCid() == null
                || blobs.find(ContentId.of(r.modelCid())).isEmpty()) {
            outcomes.fail(job, "aggregation of round " + round.round() + " failed on runner " + r.runnerId() + ": "
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
            planner.startRound(job, order, match, round.round() + 1, r.modelCid(), now);
        } else {
            job.lastRoundAggregated(r.modelCid(), (long) job.rounds() * order.epochs() * r.samples(),
                    round.trainLoss() == null ? Double.NaN : round.trainLoss(), now);
        }
        return true;
    }

    private boolean onEvaluateResult(TrainingJob job, RecordResultCommand r, Instant now) {
        Optional<TrainingRound> found = federated.lockRoundByTask(r.taskId());
        if (found.isEmpty() || !found.get().jobId().equals(job.id())) {
            LOG.warning(() -> "evaluation result of unknown task " + r.taskId() + ": ignored");
            return false;
        }
        TrainingRound round = found.get();
        if (!r.succeeded() || !(r.accuracy() >= 0 && r.accuracy() <= 1)
                || !round.globalModelCid().equals(r.modelCid())) {
            if (round.state() == TrainingRound.State.AGGREGATED) {
                outcomes.fail(job, "evaluation of round " + round.round() + " failed on runner " + r.runnerId() + ": "
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
            outcomes.completed(job, r.samples(), r.accuracy(), r.loss(), now);
        }
        return true;
    }

    /** Progress of a chunk attempt: recorded, and its lease renewed. */
    public void onProgress(RecordProgressCommand p, Instant now) {
        federated.lockChunk(p.taskId()).ifPresent(c -> c.progress(p.samplesDone(), p.loss(), p.samplesPerSecond(),
                now, RoundPlanner.lease()));
    }
}
