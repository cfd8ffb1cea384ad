package org.trainex.portal.computemarket;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.trainex.computemarket.api.OrderView;
import org.trainex.computemarket.api.PlaceOrderCommand;
import org.trainex.computemarket.api.QuoteView;
import org.trainex.computemarket.api.TrainingOrders;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.datamarket.api.Datasets;
import org.trainex.portal.shared.FacesMessages;

/**
 * Screen (consumer): order training on registered data with conditions and a price; a live estimate from the
 * order book updates as the conditions change (issue 5 items 1 and 6).
 */
@Named
@ViewScoped
public class PlaceOrder implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    TrainingOrders orders;
    @Inject
    Datasets datasets;

    private UUID trainDatasetId;
    private UUID testDatasetId;
    private int epochs = 2;
    private int batchSize = 128;
    private long minCapacity = 10_000;
    private long maxDurationSeconds = 600;
    private String maxPriceWei = "1000000000000000";
    private String regions = "";
    private String wallet = "";
    private QuoteView quote;

    public List<DatasetView> getDatasets() {
        return datasets.list().stream().filter(d -> "IDX_IMAGES".equals(d.format())).toList();
    }

    private List<String> regionList() {
        return Arrays.stream(regions.split(",")).map(String::strip).filter(r -> !r.isEmpty()).toList();
    }

    /** Recomputes the estimate (called on every change of a condition). */
    public void estimate() {
        quote = null;
        if (trainDatasetId == null) {
            return;
        }
        try {
            quote = orders.quote(trainDatasetId, epochs, minCapacity, maxDurationSeconds, regionList());
        } catch (RuntimeException e) {
            FacesMessages.warn(e);
        }
    }

    public void place() {
        try {
            OrderView o = orders.place(new PlaceOrderCommand(trainDatasetId, testDatasetId, null, null, epochs,
                    batchSize, null, minCapacity, maxDurationSeconds, maxPriceWei, regionList(), "none", wallet, null, null),
                    FacesMessages.user());
            FacesMessages.info("Order " + o.id() + " " + o.state() + (o.matchNote() == null ? "" : ": "
                    + o.matchNote()));
        } catch (RuntimeException e) {
            FacesMessages.error(e);
        }
    }

    public QuoteView getQuote() {
        return quote;
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
