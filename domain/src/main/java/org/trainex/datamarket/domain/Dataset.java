package org.trainex.datamarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.shared.api.ContentId;
import org.trainex.shared.api.InvalidInputException;

/**
 * A labelled image dataset on the exchange: two immutable IDX blobs (images, labels) and what the server
 * counted in them. Immutable once registered; the same pair of blobs can be registered only once.
 */
@Entity
@Table(name = "dataset", schema = "datamarket")
public class Dataset {
    /** Longest accepted name, characters. */
    public static final int MAX_NAME = 200;

    @Id
    private UUID id;
    @Column(nullable = false, length = MAX_NAME)
    private String name;
    @Column(name = "images_cid", nullable = false, length = 59)
    private String imagesCid;
    @Column(name = "labels_cid", nullable = false, length = 59)
    private String labelsCid;
    @Column(name = "sample_count", nullable = false)
    private int sampleCount;
    @Column(name = "image_rows", nullable = false)
    private int rows;
    @Column(name = "image_columns", nullable = false)
    private int columns;
    @Column(nullable = false)
    private int classes;
    /** Samples per label, comma separated, index = label. */
    @Column(name = "label_histogram", nullable = false, length = 2000)
    private String labelHistogram;
    @Column(nullable = false)
    private String owner;
    @Column(nullable = false, length = 20)
    private String format = "IDX_IMAGES";
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Version
    private long version;

    protected Dataset() {
    }

    /**
     * @throws InvalidInputException if the name is blank or too long
     */
    public Dataset(UUID id, String name, ContentId images, ContentId labels, IdxInspector.Summary summary,
                   String owner, Instant createdAt) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("a dataset needs a name");
        }
        if (name.length() > MAX_NAME) {
            throw new InvalidInputException("dataset name is longer than " + MAX_NAME + " characters");
        }
        this.id = Objects.requireNonNull(id);
        this.name = name.strip();
        this.imagesCid = images.value();
        this.labelsCid = labels.value();
        this.sampleCount = summary.samples();
        this.rows = summary.rows();
        this.columns = summary.columns();
        this.classes = summary.classes();
        this.labelHistogram = Arrays.stream(summary.histogram()).mapToObj(Long::toString)
                .collect(Collectors.joining(","));
        this.owner = Objects.requireNonNull(owner);
        this.createdAt = Objects.requireNonNull(createdAt);
    }

    public UUID id() {
        return id;
    }

    /** Marks the dataset as CSV (one blob in both content ids; rows = 1, columns = features). */
    public Dataset asCsv() {
        this.format = "CSV";
        return this;
    }

    /** IDX_IMAGES or CSV. */
    public String format() {
        return format;
    }

    public DatasetView toView() {
        List<Long> histogram = Arrays.stream(labelHistogram.split(",")).map(Long::valueOf).toList();
        return new DatasetView(id, name, imagesCid, labelsCid, sampleCount, rows, columns, classes, format, histogram,
                owner, createdAt);
    }
}
