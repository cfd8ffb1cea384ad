package org.trainex.runner.data;

/**
 * The labels of an IDX {@code idx1-ubyte} file: one unsigned byte per sample, in file order.
 *
 * @param count  N, number of labels
 * @param labels N bytes; read as unsigned (0..255)
 */
public record IdxLabels(int count, byte[] labels) {
    public IdxLabels {
        if (count != labels.length) {
            throw new IllegalArgumentException("labels must hold count bytes");
        }
    }

    /** Label of sample {@code i}, 0..255. */
    public int label(int i) {
        return labels[i] & 0xFF;
    }
}
