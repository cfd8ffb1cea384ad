package org.trainex.portal.computemarket;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.trainex.computemarket.api.BillView;
import org.trainex.computemarket.api.ChunkView;
import org.trainex.computemarket.api.JobView;
import org.trainex.computemarket.api.OrderView;
import org.trainex.computemarket.api.RoundView;
import org.trainex.computemarket.api.TrainingJobs;
import org.trainex.computemarket.api.TrainingOrders;
import org.trainex.portal.shared.FacesMessages;
import org.trainex.shared.api.NotFoundException;

/**
 * Screen (consumer, provider, validator, admin): one training job, {@code job.xhtml?id=<job id>}. While it runs, a
 * poll every 2 s refreshes the progress of each runner in the current FedAvg round (McMahan et al. 2017), the chunk
 * attempts with their leases and payments, and the per-round curve of train loss, test loss and test accuracy; once
 * COMPLETED or FAILED the poll stops and the page shows the final evaluation and the order's itemised bill (issue 5
 * items 4 to 6).
 *
 * <p>Nothing here is fatal: an unknown id shows a message, and a bill that the exchange cannot give yet (unpriced or
 * unsettled order, or settlement not deployed) shows "not settled yet" with the reason.
 */
@Named
@ViewScoped
public class JobDetail implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED");
    /** Chunk states whose progress counts for the runner (an EXPIRED or LATE attempt was superseded). */
    private static final Set<String> LIVE_CHUNK = Set.of("LEASED", "DONE");

    @Inject
    TrainingJobs jobs;
    @Inject
    TrainingOrders orders;

    private UUID id;
    private transient JobView job;
    private transient OrderView order;
    private transient BillView bill;
    private transient String billNote;
    private transient String problem;
    private transient boolean loaded;

    /**
     * One runner's share of the current round: the sum of its live chunk attempts' progress.
     *
     * @param samplesDone      samples trained so far (all local epochs)
     * @param samplesTotal     samples x local epochs of its chunks
     * @param samplesPerSecond sum of its chunks' latest throughput, samples/s; null if none reported
     */
    public record RunnerProgress(String runnerId, String provider, int chunks, int chunksDone, long samplesDone,
                                 long samplesTotal, Double samplesPerSecond) {
        /** Whole percent, for the progress bar. */
        public int percent() {
            return samplesTotal <= 0 ? 0 : (int) Math.min(100, samplesDone * 100 / samplesTotal);
        }
    }

    /** Poll listener and explicit refresh: forget what was loaded, so the next render reads the job again. */
    public void refresh() {
        loaded = false;
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        job = null;
        order = null;
        bill = null;
        billNote = null;
        problem = null;
        if (id == null) {
            problem = "No job given: open a job from the list of training jobs.";
            return;
        }
        try {
            job = jobs.get(id, Callers.faces());
        } catch (RuntimeException e) {
            problem = isNotFound(e) ? "There is no job " + id + "." : "The job cannot be read now: " + message(e);
            return;
        }
        try {
            order = orders.get(job.orderId(), Callers.faces());
        } catch (RuntimeException e) {
            problem = "The job's order cannot be read now: " + message(e);
        }
        if (order != null && order.maxPriceWei() != null) {
            try {
                bill = orders.bill(job.orderId(), Callers.faces());
            } catch (RuntimeException e) {
                billNote = isNotFound(e) ? "not settled yet" : "not settled yet (" + message(e) + ")";
            }
        } else {
            billNote = "no bill: the order has no price (it ran on the exchange's own capacity)";
        }
    }

    private static boolean isNotFound(RuntimeException e) {
        return FacesMessages.cause(e) instanceof NotFoundException;
    }

    private static String message(RuntimeException e) {
        return FacesMessages.message(e);
    }

    public UUID getId() {
        return id;
    }

    /** The job id, from the view parameter {@code id}. */
    public void setId(UUID id) {
        this.id = id;
        loaded = false;
    }

    /** The job, or null if the id is missing or unknown. */
    public JobView getJob() {
        load();
        return job;
    }

    /** Why the job (or its order) cannot be shown, or null. Render-time problems are shown inline. */
    public String getProblem() {
        load();
        return problem;
    }

    /** The order the job executes, or null. */
    public OrderView getOrder() {
        load();
        return order;
    }

    /** The order's bill, or null while {@link #getBillNote()} says why not. */
    public BillView getBill() {
        load();
        return bill;
    }

    /** Why there is no bill (e.g. "not settled yet"), or null. */
    public String getBillNote() {
        load();
        return billNote;
    }

    /** Whether the job reached COMPLETED or FAILED: the poll stops. Also true without a job (nothing to watch). */
    public boolean isFinished() {
        JobView j = getJob();
        return j == null || FINAL.contains(j.state());
    }

    /** The FedAvg rounds so far, oldest first. */
    public List<RoundView> getRounds() {
        JobView j = getJob();
        return j == null ? List.of() : rounds(j);
    }

    /** Every chunk attempt, by round, slot and attempt. */
    public List<ChunkView> getChunks() {
        JobView j = getJob();
        return j == null ? List.of() : chunks(j).stream().sorted(Comparator.comparingInt(ChunkView::round)
                .thenComparingInt(ChunkView::slot).thenComparingInt(ChunkView::attempt)).toList();
    }

    /** The round in progress (or the last one), 0 before any. */
    public int getCurrentRound() {
        JobView j = getJob();
        if (j == null) {
            return 0;
        }
        int r = rounds(j).stream().mapToInt(RoundView::round).max().orElse(0);
        return Math.max(r, chunks(j).stream().mapToInt(ChunkView::round).max().orElse(0));
    }

    /** The current round's record, or null. */
    public RoundView getCurrentRoundView() {
        int r = getCurrentRound();
        return getRounds().stream().filter(x -> x.round() == r).findFirst().orElse(null);
    }

    /** Progress per runner in the current round, by runner id. */
    public List<RunnerProgress> getRunnerProgress() {
        int r = getCurrentRound();
        Map<String, List<ChunkView>> byRunner = new LinkedHashMap<>();
        getChunks().stream().filter(c -> c.round() == r && LIVE_CHUNK.contains(c.state()))
                .sorted(Comparator.comparing(ChunkView::runnerId, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(c -> byRunner.computeIfAbsent(c.runnerId() == null ? "(unassigned)" : c.runnerId(),
                        k -> new ArrayList<>()).add(c));
        List<RunnerProgress> out = new ArrayList<>();
        byRunner.forEach((runner, cs) -> {
            double rate = cs.stream().filter(c -> "LEASED".equals(c.state()) && c.samplesPerSecond() != null)
                    .mapToDouble(ChunkView::samplesPerSecond).sum();
            boolean anyRate = cs.stream().anyMatch(c -> "LEASED".equals(c.state()) && c.samplesPerSecond() != null);
            out.add(new RunnerProgress(runner, cs.get(0).provider(), cs.size(),
                    (int) cs.stream().filter(c -> "DONE".equals(c.state())).count(),
                    cs.stream().mapToLong(ChunkView::samplesDone).sum(),
                    cs.stream().mapToLong(ChunkView::samplesTotal).sum(), anyRate ? rate : null));
        });
        return out;
    }

    /** Overall training progress in whole percent. */
    public int getPercent() {
        JobView j = getJob();
        return j == null ? 0 : (int) Math.round(j.progressFraction() * 100);
    }

    /** Progress of one chunk attempt in whole percent. */
    public int chunkPercent(ChunkView c) {
        return c.samplesTotal() <= 0 ? 0 : (int) Math.min(100, c.samplesDone() * 100 / c.samplesTotal());
    }

    /** Basis points as a percentage text, e.g. 1000 as "10" and 250 as "2.5". */
    public String percentOfBps(int bps) {
        return java.math.BigDecimal.valueOf(bps, 2).stripTrailingZeros().toPlainString();
    }

    /** PrimeFaces tag severity for a chunk state. */
    public String chunkSeverity(String state) {
        return switch (state == null ? "" : state) {
            case "DONE" -> "success";
            case "LEASED" -> "info";
            case "EXPIRED", "LATE" -> "warning";
            case "FAILED" -> "danger";
            default -> "secondary";
        };
    }

    /** Wei as exact ETH text, for display next to the exact wei; empty for null or malformed amounts. */
    public String eth(String wei) {
        return Amounts.eth(wei);
    }

    /**
     * The per-round curve as a Chart.js 4 configuration (JSON) for {@code p:chart}: x = round; train loss and test
     * loss on the left axis, test accuracy in [0,1] on the right one. Rounds without a value leave a gap.
     */
    public String getCurveChart() {
        List<RoundView> rounds = getRounds();
        JsonArrayBuilder labels = Json.createArrayBuilder();
        rounds.forEach(r -> labels.add(String.valueOf(r.round())));
        JsonArrayBuilder datasets = Json.createArrayBuilder()
                .add(series("train loss", rounds, RoundView::trainLoss, "loss", "#3b82f6"))
                .add(series("test loss", rounds, RoundView::testLoss, "loss", "#f59e0b"))
                .add(series("test accuracy", rounds, RoundView::testAccuracy, "accuracy", "#10b981"));
        JsonObjectBuilder scales = Json.createObjectBuilder()
                .add("x", Json.createObjectBuilder().add("title", title("round")))
                .add("loss", Json.createObjectBuilder().add("type", "linear").add("position", "left")
                        .add("beginAtZero", true).add("title", title("loss (cross-entropy)")))
                .add("accuracy", Json.createObjectBuilder().add("type", "linear").add("position", "right")
                        .add("min", 0).add("max", 1).add("title", title("test accuracy"))
                        .add("grid", Json.createObjectBuilder().add("drawOnChartArea", false)));
        return Json.createObjectBuilder().add("type", "line")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", Json.createObjectBuilder().add("animation", false).add("maintainAspectRatio", false)
                        .add("spanGaps", true).add("scales", scales))
                .build().toString();
    }

    private static JsonObjectBuilder title(String text) {
        return Json.createObjectBuilder().add("display", true).add("text", text);
    }

    private static JsonObjectBuilder series(String label, List<RoundView> rounds, Function<RoundView, Double> value,
                                            String axis, String color) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (RoundView r : rounds) {
            Double v = value.apply(r);
            if (v == null || v.isNaN() || v.isInfinite()) {
                data.addNull();
            } else {
                data.add(v);
            }
        }
        return Json.createObjectBuilder().add("label", label).add("data", data).add("yAxisID", axis)
                .add("borderColor", color).add("backgroundColor", color).add("tension", 0.2);
    }

    private static List<RoundView> rounds(JobView j) {
        return j.roundHistory() == null ? List.of() : j.roundHistory();
    }

    private static List<ChunkView> chunks(JobView j) {
        return j.chunks() == null ? List.of() : j.chunks();
    }
}
