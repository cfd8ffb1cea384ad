package org.trainex.datamarket.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered dataset as clients see it.
 *
 * @param id             dataset id
 * @param name           display name
 * @param imagesCid      content id of the IDX images blob
 * @param labelsCid      content id of the IDX labels blob
 * @param sampleCount    samples, counted by the server
 * @param rows           image height, pixels
 * @param columns        image width, pixels
 * @param classes        label classes (highest label + 1)
 * @param labelHistogram samples per label, index = label
 * @param owner          who registered it
 * @param createdAt      when
 * @param format IDX_IMAGES (images and labels blobs) or CSV (one blob, named by both content ids)
 */
public record DatasetView(UUID id, String name, String imagesCid, String labelsCid, int sampleCount, int rows,
                          int columns, int classes, String format, List<Long> labelHistogram, String owner,
                          Instant createdAt) {
}
