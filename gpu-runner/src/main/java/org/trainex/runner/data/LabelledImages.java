package org.trainex.runner.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images and their labels checked against each other and against what a dataset reference promises, turned
 * into a DL4J {@link DataSet}.
 *
 * <p>Shapes of {@link #toDataSet(int, int)}: features {@code [n, rows*columns]} float32, pixels scaled from
 * 0..255 to [0,1] (x / 255); labels {@code [n, classes]} float32 one-hot.
 */
public final class LabelledImages {
    private final IdxImages images;
    private final IdxLabels labels;
    private final int classes;

    private LabelledImages(IdxImages images, IdxLabels labels, int classes) {
        this.images = images;
        this.labels = labels;
        this.classes = classes;
    }

    /**
     * Pairs images and labels.
     *
     * @param expectedCount   samples the dataset reference announces (N)
     * @param expectedRows    image height it announces
     * @param expectedColumns image width it announces
     * @param classes         labels must be in {@code 0..classes-1}
     * @throws IdxFormatException if counts or sizes disagree, or a label is out of range
     */
    public static LabelledImages of(IdxImages images, IdxLabels labels, int expectedCount, int expectedRows,
                                    int expectedColumns, int classes) throws IdxFormatException {
        if (images.count() != labels.count()) {
            throw new IdxFormatException("the images file holds " + images.count()
                    + " images but the labels file " + labels.count() + " labels");
        }
        if (images.count() != expectedCount) {
            throw new IdxFormatException("the dataset announces " + expectedCount + " samples but the files hold "
                    + images.count());
        }
        if (images.rows() != expectedRows || images.columns() != expectedColumns) {
            throw new IdxFormatException("the dataset announces " + expectedRows + "x" + expectedColumns
                    + " images but the file holds " + images.rows() + "x" + images.columns());
        }
        for (int i = 0; i < labels.count(); i++) {
            if (labels.label(i) >= classes) {
                throw new IdxFormatException("label " + labels.label(i) + " of sample " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
        return new LabelledImages(images, labels, classes);
    }

    /** N, the number of samples. */
    public int count() {
        return images.count();
    }

    /** Features per sample, rows x columns. */
    public int features() {
        return images.features();
    }

    /** Number of classes. */
    public int classes() {
        return classes;
    }

    /** Declared label of sample {@code i}, 0..classes-1. */
    public int label(int i) {
        return labels.label(i);
    }

    /**
     * Samples {@code [offset, offset + n)} as a DataSet (features {@code [n, rows*columns]} in [0,1], labels
     * {@code [n, classes]} one-hot), float32. Memory: about 4 x n x (features + classes) bytes off-heap.
     *
     * @throws IndexOutOfBoundsException if the slice is not inside {@code [0, count)}
     */
    public DataSet toDataSet(int offset, int n) {
        if (offset < 0 || n <= 0 || (long) offset + n > count()) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", +" + n + ") outside 0.." + count());
        }
        int f = features();
        byte[] pixels = images.pixels();
        float[] x = new float[n * f];
        int base = offset * f;
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[base + i] & 0xFF) / 255.0f;
        }
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            y[i * classes + labels.label(offset + i)] = 1.0f;
        }
        INDArray features = Nd4j.create(x, new long[] {n, f}, DataType.FLOAT);
        INDArray oneHot = Nd4j.create(y, new long[] {n, classes}, DataType.FLOAT);
        return new DataSet(features, oneHot);
    }

    /**
     * The samples at {@code indices} (in that order) as a DataSet, shaped as {@link #toDataSet(int, int)}.
     *
     * @throws IndexOutOfBoundsException if an index is not in {@code [0, count)} or there are none
     */
    public DataSet toDataSet(int[] indices) {
        int n = indices.length;
        if (n == 0) {
            throw new IndexOutOfBoundsException("no samples selected");
        }
        int f = features();
        byte[] pixels = images.pixels();
        float[] x = new float[n * f];
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            int s = indices[i];
            if (s < 0 || s >= count()) {
                throw new IndexOutOfBoundsException("sample " + s + " outside 0.." + count());
            }
            for (int k = 0, base = s * f; k < f; k++) {
                x[i * f + k] = (pixels[base + k] & 0xFF) / 255.0f;
            }
            y[i * classes + labels.label(s)] = 1.0f;
        }
        return new DataSet(Nd4j.create(x, new long[] {n, f}, DataType.FLOAT),
                Nd4j.create(y, new long[] {n, classes}, DataType.FLOAT));
    }
}
