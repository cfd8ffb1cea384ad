package org.trainex.portal.computemarket;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.trainex.computemarket.api.OrderView;
import org.trainex.computemarket.api.PlaceOrderCommand;
import org.trainex.computemarket.api.QuoteView;
import org.trainex.computemarket.api.TrainingOrders;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.datamarket.api.Datasets;
import org.trainex.datamarket.api.Registry;
import org.trainex.datamarket.api.RegistryEntryView;
import org.trainex.portal.shared.FacesMessages;

/**
 * Screen (consumer): order training on registered data with conditions and a price; a live estimate from the
 * order book updates as the conditions change (issue 5 items 1 and 6). Besides the main training dataset the
 * consumer may add further ones (accepted registry entries' datasets, whose shareholders earn the data fee) and
 * choose the number of FedAvg rounds; the work is samples x local epochs x rounds.
 * The estimate is the book's quote for the whole order ({@link TrainingOrders#quote}): compute cost, data fee and
 * the least maximum price that matches now.
 */
@Named
@ViewScoped
public class PlaceOrder implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    TrainingOrders orders;
    @Inject
    Datasets datasets;
    @Inject
    Registry registry;

    private UUID trainDatasetId;
    private UUID testDatasetId;
    private int epochs = 2;
    private int batchSize = 128;
    private long minCapacity = 10_000;
    private long maxDurationSeconds = 600;
    private String maxPriceWei = "1000000000000000";
    private String regions = "";
    private String wallet = "";
    private List<UUID> trainDatasetIds = new ArrayList<>();
    private int rounds = 3;
    /** The last quote (not kept across passivation: the next change of a condition asks again). */
    private transient QuoteView estimate;
    private UUID placedJobId;
    private transient List<DatasetView> datasetCache;
    private transient Map<UUID, RegistryEntryView> entryCache;

    /** Image datasets the runners can train on or evaluate with. */
    public List<DatasetView> getDatasets() {
        if (datasetCache == null) {
            datasetCache = datasets.list().stream().filter(d -> "IDX_IMAGES".equals(d.format())).toList();
        }
        return datasetCache;
    }

    private Map<UUID, RegistryEntryView> entries() {
        if (entryCache == null) {
            entryCache = new HashMap<>();
            try {
                registry.entries().forEach(e -> entryCache.putIfAbsent(e.datasetId(), e));
            } catch (RuntimeException e) {
                FacesMessages.warn(e);
            }
        }
        return entryCache;
    }

    /** Image datasets that are accepted registry entries (their contributors are paid a dividend on use). */
    public List<DatasetView> getRegistryDatasets() {
        Map<UUID, RegistryEntryView> entries = entries();
        return getDatasets().stream().filter(d -> entries.containsKey(d.id())).toList();
    }

    /** A dataset's label in the choosers: name, samples, and its registry entry's state if it has one. */
    public String label(DatasetView d) {
        RegistryEntryView e = entries().get(d.id());
        return d.name() + " (" + d.sampleCount() + " samples" + (e == null ? "" : ", registry entry " + e.state())
                + ")";
    }

    /** The further training datasets: the chosen ones without the main dataset, in order, each once. */
    private List<UUID> further() {
        return trainDatasetIds == null ? List.of() : trainDatasetIds.stream().filter(Objects::nonNull)
                .filter(id -> !id.equals(trainDatasetId)).distinct().toList();
    }

    private List<String> regionList() {
        return Arrays.stream(regions.split(",")).map(String::strip).filter(r -> !r.isEmpty()).toList();
    }

    /** Recomputes the estimate from the book's quote for the whole order (called on every change of a condition). */
    public void estimate() {
        estimate = null;
        if (trainDatasetId == null) {
            return;
        }
        List<UUID> all = new ArrayList<>();
        all.add(trainDatasetId);
        all.addAll(further());
        try {
            estimate = orders.quote(all, epochs, rounds, minCapacity, maxDurationSeconds, regionList());
        } catch (RuntimeException e) {
            FacesMessages.warn(e);
        }
    }

    public void place() {
        try {
            List<UUID> more = further();
            OrderView o = orders.place(new PlaceOrderCommand(trainDatasetId, testDatasetId, null, null, epochs,
                    batchSize, null, minCapacity, maxDurationSeconds, maxPriceWei, regionList(), "none", wallet,
                    more.isEmpty() ? null : more, rounds), Callers.faces());
            placedJobId = o.jobId();
            FacesMessages.info("Order " + o.id() + " " + o.state() + (o.matchNote() == null ? "" : ": "
                    + o.matchNote()));
        } catch (RuntimeException e) {
            FacesMessages.error(e);
        }
    }

    /** The estimate for the whole order, or null before a training dataset is chosen. */
    public QuoteView getEstimate() {
        return estimate;
    }

    /** Wei as ETH text, for display next to the exact wei. */
    public String eth(String wei) {
        return Amounts.eth(wei);
    }

    /** The job of the order placed last from this page, or null (none placed, or waiting for bids). */
    public UUID getPlacedJobId() {
        return placedJobId;
    }

    public List<UUID> getTrainDatasetIds() {
        return trainDatasetIds;
    }

    public void setTrainDatasetIds(List<UUID> trainDatasetIds) {
        this.trainDatasetIds = trainDatasetIds == null ? new ArrayList<>() : new ArrayList<>(trainDatasetIds);
    }

    public int getRounds() {
        return rounds;
    }

    public void setRounds(int rounds) {
        this.rounds = rounds;
    }

    public UUID getTrainDatasetId() {
        return trainDatasetId;
    }

    public void setTrainDatasetId(UUID trainDatasetId) {
        this.trainDatasetId = trainDatasetId;
    }

    public UUID getTestDatasetId() {
        return testDatasetId;
    }

    public void setTestDatasetId(UUID testDatasetId) {
        this.testDatasetId = testDatasetId;
    }

    public int getEpochs() {
        return epochs;
    }

    public void setEpochs(int epochs) {
        this.epochs = epochs;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getMinCapacity() {
        return minCapacity;
    }

    public void setMinCapacity(long minCapacity) {
        this.minCapacity = minCapacity;
    }

    public long getMaxDurationSeconds() {
        return maxDurationSeconds;
    }

    public void setMaxDurationSeconds(long maxDurationSeconds) {
        this.maxDurationSeconds = maxDurationSeconds;
    }

    public String getMaxPriceWei() {
        return maxPriceWei;
    }

    public void setMaxPriceWei(String maxPriceWei) {
        this.maxPriceWei = maxPriceWei;
    }

    public String getRegions() {
        return regions;
    }

    public void setRegions(String regions) {
        this.regions = regions;
    }

    public String getWallet() {
        return wallet;
    }

    public void setWallet(String wallet) {
        this.wallet = wallet;
    }
}
