package org.trainex.portal.computemarket;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.trainex.computemarket.api.JobView;
import org.trainex.computemarket.api.OrderView;
import org.trainex.computemarket.api.TrainingJobs;
import org.trainex.computemarket.api.TrainingOrders;

/** Screen: training orders and their jobs with live progress (compute market). Refreshed by a poll. */
@Named
@ViewScoped
public class ListJobs implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    TrainingOrders orders;
    @Inject
    TrainingJobs jobs;

    public List<OrderView> getOrders() {
        return orders.list(Callers.faces());
    }

    public List<JobView> getJobs() {
        return jobs.list(Callers.faces());
    }

    /**
     * The FedAvg round a job is in (or reached): the last of its round history; 0 before the first.
     */
    public int round(JobView job) {
        List<org.trainex.computemarket.api.RoundView> h = job.roundHistory();
        return h == null || h.isEmpty() ? (job.rounds() > 1 ? 0 : 1) : h.get(h.size() - 1).round();
    }

    /** Progress of a job in whole percent, for the progress bar. */
    public int percent(JobView job) {
        return (int) Math.round(job.progressFraction() * 100);
    }
}
