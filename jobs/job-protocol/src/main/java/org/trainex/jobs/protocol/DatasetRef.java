package org.trainex.jobs.protocol;

import java.util.Objects;

/**
 * A labelled image dataset as two blobs in IDX format (optionally gzip-compressed): images
 * ({@code idx3-ubyte}, magic 0x00000803, N x rows x cols unsigned bytes) and labels ({@code idx1-ubyte},
 * magic 0x00000801, N unsigned bytes), as published by Fashion-MNIST.
 *
 * @param imagesCid   content id of the images file
 * @param labelsCid   content id of the labels file
 * @param sampleCount N, the number of samples (images) in the files
 * @param rows        image height in pixels
 * @param columns     image width in pixels
 * @param classes     number of label classes (labels are 0..classes-1)
 */
public record DatasetRef(String imagesCid, String labelsCid, int sampleCount, int rows, int columns, int classes) {
    public DatasetRef {
        ContentIds.requireValid(imagesCid);
        ContentIds.requireValid(labelsCid);
        if (sampleCount <= 0 || rows <= 0 || columns <= 0 || classes < 2) {
            throw new IllegalArgumentException("dataset needs samples > 0, rows/columns > 0 and at least 2 classes");
        }
        Objects.requireNonNull(imagesCid);
    }

    /** Features per sample: rows x columns. */
    public int features() {
        return rows * columns;
    }
}
