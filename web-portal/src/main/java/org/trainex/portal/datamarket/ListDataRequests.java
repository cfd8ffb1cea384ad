package org.trainex.portal.datamarket;

import org.trainex.portal.shared.FacesMessages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.trainex.datamarket.api.CreateDataRequestCommand;
import org.trainex.datamarket.api.DataProposalView;
import org.trainex.datamarket.api.DataRequestView;
import org.trainex.datamarket.api.DataRequests;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.datamarket.api.Datasets;

/**
 * Screen (initiator): post a data request (schema, target, curation rules, oracle reference) and follow the
 * proposals of a request with their oracle check and tally.
 */
@Named
@ViewScoped
public class ListDataRequests implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    DataRequests requests;
    @Inject
    Datasets datasets;

    private String title;
    private String description;
    private int imageRows = 28;
    private int imageColumns = 28;
    private String labels = "0,1,2,3,4,5,6,7,8,9";
    private int targetSamples = 10_000;
    private double voteThreshold = 0.5;
    private double quorum = 0.1;
    private long votingPeriodSeconds = 86_400;
    private int deadlineDays = 7;
    private UUID referenceDatasetId;
    private double oracleThreshold = 0.5;
    private UUID selected;
    private String format = "IDX_IMAGES";
    private String columns = "";
    private String labelColumn = "";

    @PostConstruct
    void init() {
        List<DataRequestView> all = requests.list();
        selected = all.isEmpty() ? null : all.get(0).id();
    }

    public List<DataRequestView> getRequests() {
        return requests.list();
    }

    public List<DatasetView> getDatasets() {
        return datasets.list();
    }

    public List<DataProposalView> getProposals() {
        return selected == null ? List.of() : requests.proposals(selected);
    }

    public void select(UUID id) {
        this.selected = id;
    }

    /** Posts the request from the form. */
    public void create() {
        try {
            List<Integer> labelSet = Arrays.stream(labels.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(Integer::valueOf).toList();
            DataRequestView r = requests.create(new CreateDataRequestCommand(title, description, imageRows,
                    imageColumns, labelSet, targetSamples, voteThreshold, quorum, votingPeriodSeconds,
                    Instant.now().plus(Duration.ofDays(deadlineDays)), referenceDatasetId,
                    referenceDatasetId == null ? null : oracleThreshold, format,
                    "CSV".equals(format) ? Arrays.stream(columns.split(",")).map(String::strip).toList() : null,
                    "CSV".equals(format) ? labelColumn.strip() : null, null), FacesMessages.user());
            selected = r.id();
            FacesMessages.info("Data request '" + r.title() + "' posted");
        } catch (NumberFormatException e) {
            FacesMessages.error(new IllegalArgumentException("labels must be comma-separated integers, e.g. 0,1,2"));
        } catch (RuntimeException e) {
            FacesMessages.error(e);
        }
    }

    public UUID getSelected() {
        return selected;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public int getImageRows() {
        return imageRows;
    }

    public void setImageRows(int imageRows) {
        this.imageRows = imageRows;
    }

    public int getImageColumns() {
        return imageColumns;
    }

    public void setImageColumns(int imageColumns) {
        this.imageColumns = imageColumns;
    }

    public String getLabels() {
        return labels;
    }

    public void setLabels(String labels) {
        this.labels = labels;
    }

    public int getTargetSamples() {
        return targetSamples;
    }

    public void setTargetSamples(int targetSamples) {
        this.targetSamples = targetSamples;
    }

    public double getVoteThreshold() {
        return voteThreshold;
    }

    public void setVoteThreshold(double voteThreshold) {
        this.voteThreshold = voteThreshold;
    }

    public double getQuorum() {
        return quorum;
    }

    public void setQuorum(double quorum) {
        this.quorum = quorum;
    }

    public long getVotingPeriodSeconds() {
        return votingPeriodSeconds;
    }

    public void setVotingPeriodSeconds(long votingPeriodSeconds) {
        this.votingPeriodSeconds = votingPeriodSeconds;
    }

    public int getDeadlineDays() {
        return deadlineDays;
    }

    public void setDeadlineDays(int deadlineDays) {
        this.deadlineDays = deadlineDays;
    }

    public UUID getReferenceDatasetId() {
        return referenceDatasetId;
    }

    public void setReferenceDatasetId(UUID referenceDatasetId) {
        this.referenceDatasetId = referenceDatasetId;
    }

    public double getOracleThreshold() {
        return oracleThreshold;
    }

    public void setOracleThreshold(double oracleThreshold) {
        this.oracleThreshold = oracleThreshold;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public String getColumns() {
        return columns;
    }

    public void setColumns(String columns) {
        this.columns = columns;
    }

    public String getLabelColumn() {
        return labelColumn;
    }

    public void setLabelColumn(String labelColumn) {
        this.labelColumn = labelColumn;
    }
}
