package org.trainex.computemarket.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.computemarket.api.JobView;
import org.trainex.shared.api.TaskDispatcher;
import org.trainex.computemarket.api.TrainingJobs;
import org.trainex.computemarket.domain.TrainingJob;
import org.trainex.computemarket.domain.TrainingJobRepository;
import org.trainex.computemarket.domain.TrainingOrder;
import org.trainex.computemarket.domain.TrainingOrderRepository;
import org.trainex.datamarket.api.Datasets;
import org.trainex.jobs.protocol.EvaluateTask;
import org.trainex.jobs.protocol.TaskProgress;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.shared.api.Blobs;
import org.trainex.shared.api.ContentId;
import org.trainex.shared.api.NotFoundException;

/**
 * Records what runners report about jobs: progress while training, then results, exactly once (the job row is
 * locked and only the current task's result in the expected state applies; see {@link TrainingJob}). A
 * successful training result dispatches evaluation on the order's held-out dataset in the same transaction
 * (evaluation is runner work: the exchange never loads DL4J). Jobs of matched orders run as FedAvg rounds: their
 * results and progress go to {@link ResultRecorder}.
 */
@Stateless
public class JobService implements TrainingJobs {
    private static final Logger LOG = Logger.getLogger(JobService.class.getName());
    static final int EVALUATION_BATCH = 1000;

    @Inject
    TrainingJobRepository jobs;
    @Inject
    TrainingOrderRepository orders;
    @Inject
    Datasets datasets;
    @Inject
    Blobs blobs;
    @Inject
    TaskDispatcher dispatcher;
    @Inject
    ProviderService providers;
    @Inject
    ResultRecorder results;
    @Inject
    JobViewAssembler views;

    private JobView view(TrainingJob job) {
        return job.isFederated() ? views.view(job) : job.toView();
    }

    @Inject
    OrderService orderService;

    @Override
    public JobView get(UUID id, org.trainex.computemarket.api.Caller caller) {
        TrainingJob job = jobs.find(id).orElseThrow(() -> new NotFoundException("no job " + id));
        if (!orderService.mayRead(job.orderId(), caller)) {
            throw new NotFoundException("no job " + id);
        }
        return view(job);
    }

    @Override
    public List<JobView> list(org.trainex.computemarket.api.Caller caller) {
        java.util.Set<UUID> readable = orderService.list(caller).stream()
                .map(org.trainex.computemarket.api.OrderView::id).collect(java.util.stream.Collectors.toSet());
        return jobs.list().stream().filter(j -> readable.contains(j.orderId())).map(this::view).toList();
    }

    @Override
    public boolean mayReadModel(String modelCid, org.trainex.computemarket.api.Caller caller) {
        if (modelCid == null) {
            return false;
        }
        for (JobView j : list(caller)) {
            if (modelCid.equals(j.modelCid())
                    || j.roundHistory() != null && j.roundHistory().stream()
                    .anyMatch(r -> modelCid.equals(r.globalModelCid()))
                    || j.chunks() != null && j.chunks().stream().anyMatch(c -> modelCid.equals(c.modelCid()))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean recordResult(TaskResult r) {
        Optional<TrainingJob> found = jobs.findForUpdate(r.jobId());
        if (found.isEmpty()) {
            LOG.warning(() -> "result of task " + r.taskId() + " names unknown job " + r.jobId() + ": ignored");
            return false;
        }
        TrainingJob job = found.get();
        if (job.isFederated()) {
            return results.onResult(job, r, Instant.now());
        }
        boolean modelStored = r.status() == TaskResult.Status.SUCCEEDED
                && blobs.find(ContentId.of(r.modelCid())).isPresent();
        TrainingJob.Effect effect = job.applyResult(r, modelStored, UUID.randomUUID(), Instant.now());
        TrainingOrder order = orders.find(job.orderId()).orElseThrow();
        switch (effect) {
            case IGNORED -> LOG.info(() -> "duplicate or stale " + r.kind() + " result of task " + r.taskId()
                    + " for job " + job.id() + " (state " + job.state() + "): ignored");
            case EVALUATION_DUE -> {
                order.markRunning();
                providers.observed(r.runnerId(), r.samplesPerSecond(), r.taskId(), r.samples());
                dispatcher.dispatch(new EvaluateTask(job.evalTaskId(), job.id(), job.modelCid(),
                        OrderService.ref(datasets.get(order.testDatasetId())), EVALUATION_BATCH));
                LOG.info(() -> String.format("job %s trained by %s: %d samples in %.1f s (%.0f samples/s), loss %.4f;"
                                + " model %s; evaluation queued", job.id(), r.runnerId(), r.samples(),
                        r.wallMillis() / 1000.0, r.samplesPerSecond(), r.loss(), r.modelCid()));
            }
            case COMPLETED -> {
                order.finish(true);
                LOG.info(() -> String.format("job %s completed: test accuracy %.4f on %d samples (runner %s)",
                        job.id(), r.accuracy(), r.samples(), r.runnerId()));
            }
            case FAILED -> {
                order.finish(false);
                LOG.warning(() -> "job " + job.id() + " failed: " + job.failure());
            }
        }
        return effect != TrainingJob.Effect.IGNORED;
    }

    @Override
    public void recordProgress(TaskProgress p) {
        Optional<TrainingJob> found = jobs.find(p.jobId());
        if (found.isPresent() && found.get().isFederated()) {
            results.onProgress(p, Instant.now());
            return;
        }
        jobs.findForUpdate(p.jobId()).ifPresent(job -> {
            if (job.applyProgress(p, Instant.now())) {
                orders.find(job.orderId()).ifPresent(TrainingOrder::markRunning);
            }
        });
    }
}
