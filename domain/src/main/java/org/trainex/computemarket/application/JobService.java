package org.trainex.computemarket.application;

import org.trainex.computemarket.api.TaskReports;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.computemarket.api.JobView;
import org.trainex.computemarket.api.TrainingJobs;
import org.trainex.computemarket.domain.TrainingJob;
import org.trainex.computemarket.domain.TrainingJobRepository;
import org.trainex.shared.api.NotFoundException;

/**
 * The compute market's job facade: job views for their readers, and what runners report (results and progress,
 * translated from the wire by the jobs module), recorded by the {@link ResultRecorder} with the job row locked.
 */
@Stateless
public class JobService implements TrainingJobs {
    private static final Logger LOG = Logger.getLogger(JobService.class.getName());
    static final int EVALUATION_BATCH = 1000;

    @Inject
    TrainingJobRepository jobs;
    @Inject
    ResultRecorder results;
    @Inject
    JobViewAssembler views;

    private JobView view(TrainingJob job) {
        return views.view(job);
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
    public boolean recordResult(TaskReports.RecordResultCommand r) {
        Optional<TrainingJob> found = jobs.findForUpdate(r.jobId());
        if (found.isEmpty()) {
            LOG.warning(() -> "result of task " + r.taskId() + " names unknown job " + r.jobId() + ": ignored");
            return false;
        }
        return results.onResult(found.get(), r, Instant.now());
    }

    @Override
    public void recordProgress(TaskReports.RecordProgressCommand p) {
        results.onProgress(p, Instant.now());
    }
}
