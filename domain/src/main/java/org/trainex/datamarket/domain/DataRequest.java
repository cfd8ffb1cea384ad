package org.trainex.datamarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.trainex.datamarket.api.DataRequestView;
import org.trainex.shared.api.InvalidInputException;

/**
 * An initiator's request for data (DataBright, seed 000, Section 2): what data (IDX images of a given size with a
 * given label set), how much, and the curation rules (vote threshold and quorum as fractions, in basis points here,
 * and the voting period). OPEN until closed or past its deadline; proposals are checked against its schema.
 *
 * <p><b>Bounds</b> (issue 11, "no input can stop a market": every numeric field is bounded where it enters, so no
 * later arithmetic can overflow): voting period {@link #MIN_VOTING_PERIOD_SECONDS}..{@link
 * #MAX_VOTING_PERIOD_SECONDS} s (1 s .. 90 days); vote threshold (0, 1], quorum [0, 1], oracle threshold and
 * relative oracle threshold [0, 1] (stored as basis points 0..10,000); target samples 1..{@link
 * #MAX_TARGET_SAMPLES}; deadline in the future and at most {@link #MAX_DEADLINE_DAYS} days ahead.
 *
 * <p><b>Closing</b>: the initiator who posted it (or an admin) may close it; a closed request takes no new
 * proposals, while proposals already submitted finish their vote and tally as usual (their contributors may
 * withdraw them before the tally).
 */
@Entity
@Table(name = "data_request", schema = "datamarket")
public class DataRequest {
    /** Request states. */
    public enum State { OPEN, CLOSED }

    /** What the request asks for: IDX images of a size with a label set, or CSV with named columns. */
    public enum Format { IDX_IMAGES, CSV }

    static final int BP = 10_000;
    /** Shortest voting period, seconds. */
    public static final long MIN_VOTING_PERIOD_SECONDS = 1;
    /** Longest voting period: 90 days, in seconds. */
    public static final long MAX_VOTING_PERIOD_SECONDS = 90L * 86_400;
    /** Most samples a request may ask for (10^9). */
    public static final int MAX_TARGET_SAMPLES = 1_000_000_000;
    /** How far ahead a deadline may lie, days (about 10 years). */
    public static final long MAX_DEADLINE_DAYS = 3_660;

    @Id
    private UUID id;
    @Column(nullable = false)
    private String initiator;
    @Column(nullable = false, length = 200)
    private String title;
    @Column(nullable = false, length = 4000)
    private String description;
    @Column(name = "image_rows", nullable = false)
    private int imageRows;
    @Column(name = "image_columns", nullable = false)
    private int imageColumns;
    /** Sorted labels, comma separated. */
    @Column(name = "label_set", nullable = false, length = 1000)
    private String labelSet;
    @Column(name = "target_samples", nullable = false)
    private int targetSamples;
    @Column(name = "vote_threshold_bp", nullable = false)
    private int voteThresholdBp;
    @Column(name = "quorum_bp", nullable = false)
    private int quorumBp;
    @Column(name = "voting_period_seconds", nullable = false)
    private long votingPeriodSeconds;
    @Column(nullable = false)
    private Instant deadline;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "closed_at")
    private Instant closedAt;
    @Column(name = "reference_dataset_id")
    private UUID referenceDatasetId;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(name = "schema_format", nullable = false, length = 20)
    private Format format = Format.IDX_IMAGES;
    @Column(name = "csv_columns", length = 4000)
    private String csvColumns;
    @Column(name = "csv_label_column", length = 100)
    private String csvLabelColumn;
    @Column(name = "oracle_threshold_bp", nullable = false)
    private int oracleThresholdBp;
    @Column(name = "oracle_relative_threshold_bp", nullable = false)
    private int oracleRelativeThresholdBp;
    @Column(name = "closed_by")
    private String closedBy;
    @Version
    private long version;

    protected DataRequest() {
    }

    /**
     * @param voteThreshold fraction of cast voting power that must say yes, (0, 1]
     * @param quorum        fraction of total voting power that must vote, [0, 1]
     * @throws InvalidInputException naming the first field out of bounds
     */
    public DataRequest(UUID id, String initiator, String title, String description, int imageRows, int imageColumns,
                       List<Integer> labels, int targetSamples, double voteThreshold, double quorum,
                       long votingPeriodSeconds, Instant deadline, Instant now) {
        require(title != null && !title.isBlank() && title.length() <= 200, "title must have 1 to 200 characters");
        require(description == null || description.length() <= 4000, "description is longer than 4,000 characters");
        require(imageRows >= 1 && imageRows <= IdxInspector.MAX_SIDE && imageColumns >= 1
                && imageColumns <= IdxInspector.MAX_SIDE, "image size must be between 1 and 4096 pixels per side");
        require(labels != null && labels.size() >= 2, "the label set needs at least two labels");
        require(labels.stream().allMatch(l -> l != null && l >= 0 && l < IdxInspector.MAX_CLASSES),
                "labels must be integers from 0 to 255");
        require(new TreeSet<>(labels).size() == labels.size(), "the label set repeats a label");
        require(targetSamples >= 1 && targetSamples <= MAX_TARGET_SAMPLES,
                "targetSamples must be in 1.." + MAX_TARGET_SAMPLES + ", got " + targetSamples);
        require(voteThreshold > 0 && voteThreshold <= 1, "voteThreshold must be in (0, 1]");
        require(quorum >= 0 && quorum <= 1, "quorum must be in [0, 1]");
        require(votingPeriodSeconds >= MIN_VOTING_PERIOD_SECONDS && votingPeriodSeconds <= MAX_VOTING_PERIOD_SECONDS,
                "votingPeriodSeconds must be in " + MIN_VOTING_PERIOD_SECONDS + ".." + MAX_VOTING_PERIOD_SECONDS
                        + " (1 s to 90 days), got " + votingPeriodSeconds);
        require(deadline != null && deadline.isAfter(now), "the deadline must be in the future");
        require(!deadline.isAfter(now.plus(java.time.Duration.ofDays(MAX_DEADLINE_DAYS))),
                "the deadline must be at most " + MAX_DEADLINE_DAYS + " days ahead, got " + deadline);
        this.id = Objects.requireNonNull(id);
        this.initiator = Objects.requireNonNull(initiator);
        this.title = title.strip();
        this.description = description == null ? "" : description;
        this.imageRows = imageRows;
        this.imageColumns = imageColumns;
        this.labelSet = new TreeSet<>(labels).stream().map(String::valueOf).collect(Collectors.joining(","));
        this.targetSamples = targetSamples;
        this.voteThresholdBp = (int) Math.round(voteThreshold * BP);
        this.quorumBp = (int) Math.round(quorum * BP);
        this.votingPeriodSeconds = votingPeriodSeconds;
        this.deadline = deadline;
        this.state = State.OPEN;
        this.createdAt = now;
        this.oracleThresholdBp = BP / 2;
        this.oracleRelativeThresholdBp = 0;
    }

    /**
     * Makes this a CSV request: the header must name exactly {@code columns} in order; {@code labelColumn} holds an
     * integer label of the label set, every other column a number (features). The image size fields then hold 1
     * and the number of feature columns.
     *
     * @throws InvalidInputException if there are fewer than two columns, a name is blank, longer than 100
     *                               characters, contains a comma or repeats, or the label column is not a column
     */
    public void useCsvSchema(List<String> columns, String labelColumn) {
        require(columns != null && columns.size() >= 2 && columns.size() <= CsvInspector.MAX_COLUMNS,
                "a CSV schema needs 2 to " + CsvInspector.MAX_COLUMNS + " columns");
        require(columns.stream().allMatch(c -> c != null && !c.isBlank() && c.length() <= 100 && !c.contains(",")
                && c.equals(c.strip())), "column names must have 1 to 100 characters, no commas, no surrounding "
                + "spaces");
        require(new java.util.HashSet<>(columns).size() == columns.size(), "the CSV columns repeat a name");
        require(labelColumn != null && columns.contains(labelColumn), "labelColumn must be one of the columns");
        String joined = String.join(",", columns);
        require(joined.length() <= 4000, "the CSV column names are longer than 4,000 characters together");
        this.format = Format.CSV;
        this.csvColumns = joined;
        this.csvLabelColumn = labelColumn;
        this.imageRows = 1;
        this.imageColumns = columns.size() - 1;
    }

    public Format format() {
        return format;
    }

    /** The CSV columns in order (empty for IDX requests). */
    public List<String> csvColumns() {
        return csvColumns == null ? List.of() : List.of(csvColumns.split(","));
    }

    public String csvLabelColumn() {
        return csvLabelColumn;
    }

    /**
     * Names the dataset the oracle learns from and the agreement it requires: the absolute agreement
     * {@code threshold}, and {@code relativeThreshold}, the least agreement as a fraction of the oracle model's own
     * accuracy on held-out reference samples (issue 11 item 3; calibration in {@code docs/oracle-calibration.md}).
     * The oracle votes yes only if both hold.
     *
     * @throws InvalidInputException if a threshold is outside [0, 1] or not a number
     */
    public void useOracle(UUID referenceDataset, double threshold, double relativeThreshold) {
        require(threshold >= 0 && threshold <= 1, "oracleThreshold must be in [0, 1]");
        require(relativeThreshold >= 0 && relativeThreshold <= 1, "oracleRelativeThreshold must be in [0, 1]");
        this.referenceDatasetId = referenceDataset;
        this.oracleThresholdBp = (int) Math.round(threshold * BP);
        this.oracleRelativeThresholdBp = (int) Math.round(relativeThreshold * BP);
    }

    /** Least agreement / reference accuracy for an oracle yes, fraction in [0, 1] (0: only the absolute one). */
    public double oracleRelativeThreshold() {
        return oracleRelativeThresholdBp / (double) BP;
    }

    /** The oracle's reference dataset, or null when it abstains. */
    public UUID referenceDatasetId() {
        return referenceDatasetId;
    }

    /** Agreement below which the oracle votes no. */
    public double oracleThreshold() {
        return oracleThresholdBp / (double) BP;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }

    /** The label set, ascending. */
    public List<Integer> labels() {
        return Arrays.stream(labelSet.split(",")).map(Integer::valueOf).toList();
    }

    /**
     * Checks that a dataset fits the request and that the request takes proposals at {@code now}.
     *
     * @throws InvalidInputException with the precise reason
     */
    public void accepts(IdxInspector.Summary data, Instant now) {
        require(state == State.OPEN, "data request " + id + " is closed");
        require(now.isBefore(deadline), "data request " + id + " stopped taking proposals at " + deadline);
        require(format == Format.CSV || data.rows() == imageRows && data.columns() == imageColumns, "images are "
                + data.rows() + "x" + data.columns() + " pixels, the request wants " + imageRows + "x" + imageColumns);
        List<Integer> allowed = labels();
        List<Integer> outside = new java.util.ArrayList<>();
        long[] histogram = data.histogram();
        for (int label = 0; label < histogram.length; label++) {
            if (histogram[label] > 0 && !allowed.contains(label)) {
                outside.add(label);
            }
        }
        require(outside.isEmpty(), "labels outside the label set " + allowed + ": " + outside);
    }

    /**
     * Stops taking proposals (proposals already submitted still finish their vote).
     *
     * @param by who closes it (the initiator or an admin; the caller checks who may)
     * @throws IllegalStateException never; closing a closed request changes nothing
     * @return false if it was already closed
     */
    public boolean close(String by, Instant now) {
        if (state != State.OPEN) {
            return false;
        }
        state = State.CLOSED;
        closedAt = now;
        closedBy = by;
        return true;
    }

    /** The principal who posted the request. */
    public String initiator() {
        return initiator;
    }

    public State state() {
        return state;
    }

    /** Vote threshold in basis points of the votes cast. */
    public int voteThresholdBp() {
        return voteThresholdBp;
    }

    /** Quorum in basis points of the CuratorToken supply at the snapshot. */
    public int quorumBp() {
        return quorumBp;
    }

    public java.time.Duration votingPeriod() {
        return java.time.Duration.ofSeconds(votingPeriodSeconds);
    }

    public int imageRows() {
        return imageRows;
    }

    public int imageColumns() {
        return imageColumns;
    }

    public String title() {
        return title;
    }

    public UUID id() {
        return id;
    }

    public DataRequestView toView(long proposals) {
        return new DataRequestView(id, initiator, title, description, imageRows, imageColumns, labels(),
                targetSamples, voteThresholdBp / (double) BP, quorumBp / (double) BP, votingPeriodSeconds, deadline,
                state.name(), proposals, createdAt, referenceDatasetId, oracleThreshold(), format.name(), csvColumns(),
                csvLabelColumn, oracleRelativeThreshold(), closedAt, closedBy);
    }
}
