package org.trainex.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class IdxReaderTest {

    /** An idx3-ubyte file of {@code n} images of rows x cols whose pixel k of image i is (i * 7 + k) mod 256. */
    static byte[] images(int magic, int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rows * cols; k++) {
                out.writeByte((i * 7 + k) % 256);
            }
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int magic, int... labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(labels.length);
        for (int l : labels) {
            out.writeByte(l);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    @Test
    void readsRawAndGzipImagesAndLabels() throws Exception {
        byte[] raw = images(IdxReader.IMAGES_MAGIC, 3, 2, 4);
        for (byte[] file : new byte[][] {raw, gzip(raw)}) {
            IdxImages img = IdxReader.readImages(new ByteArrayInputStream(file), "test");
            assertEquals(3, img.count());
            assertEquals(2, img.rows());
            assertEquals(4, img.columns());
            assertEquals(8, img.features());
            assertEquals(7 + 5, img.pixels()[8 + 5] & 0xFF);
        }
        byte[] rawLabels = labels(IdxReader.LABELS_MAGIC, 2, 0, 9);
        IdxLabels lab = IdxReader.readLabels(new ByteArrayInputStream(gzip(rawLabels)), "test");
        assertEquals(3, lab.count());
        assertEquals(9, lab.label(2));
    }

    @Test
    void wrongMagicNumberIsRejected() throws Exception {
        byte[] labelsFile = labels(IdxReader.LABELS_MAGIC, 1, 2);
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readImages(new ByteArrayInputStream(labelsFile), "x.idx"));
        assertTrue(e.getMessage().contains("x.idx: not an IDX images file (magic number 0x00000801, expected 0x00000803)"),
                e.getMessage());
        byte[] imagesFile = images(IdxReader.IMAGES_MAGIC, 1, 2, 2);
        e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readLabels(new ByteArrayInputStream(imagesFile), "y.idx"));
        assertTrue(e.getMessage().contains("not an IDX labels file"), e.getMessage());
    }

    @Test
    void truncatedFileIsRejectedRawAndGzip() throws Exception {
        byte[] full = images(IdxReader.IMAGES_MAGIC, 10, 28, 28);
        byte[] cut = Arrays.copyOf(full, full.length - 100);
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readImages(new ByteArrayInputStream(cut), "cut.idx"));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("7840 bytes of data"),
                e.getMessage());
        byte[] gz = gzip(full);
        byte[] cutGz = Arrays.copyOf(gz, gz.length / 2);
        e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readImages(new ByteArrayInputStream(cutGz), "cut.gz"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] headerOnly = Arrays.copyOf(full, 6);
        e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readImages(new ByteArrayInputStream(headerOnly), "h.idx"));
        assertTrue(e.getMessage().contains("truncated IDX header"), e.getMessage());
    }

    @Test
    void trailingBytesAndNonPositiveSizesAreRejected() throws Exception {
        byte[] full = labels(IdxReader.LABELS_MAGIC, 1, 2, 3);
        byte[] longer = Arrays.copyOf(full, full.length + 1);
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readLabels(new ByteArrayInputStream(longer), "l.idx"));
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
        byte[] zero = images(IdxReader.IMAGES_MAGIC, 0, 28, 28);
        e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readImages(new ByteArrayInputStream(zero), "z.idx"));
        assertTrue(e.getMessage().contains("image count is 0"), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsRejected() throws Exception {
        IdxImages img = IdxReader.readImages(new ByteArrayInputStream(images(IdxReader.IMAGES_MAGIC, 3, 2, 2)), "i");
        IdxLabels lab = IdxReader.readLabels(new ByteArrayInputStream(labels(IdxReader.LABELS_MAGIC, 1, 10, 3)), "l");
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> LabelledImages.of(img, lab, 3, 2, 2, 10));
        assertEquals("label 10 of sample 1 is outside 0..9", e.getMessage());
    }

    @Test
    void countsAndSizesMustMatchTheDatasetReference() throws Exception {
        IdxImages img = IdxReader.readImages(new ByteArrayInputStream(images(IdxReader.IMAGES_MAGIC, 3, 2, 2)), "i");
        IdxLabels two = IdxReader.readLabels(new ByteArrayInputStream(labels(IdxReader.LABELS_MAGIC, 1, 2)), "l");
        IdxLabels three = IdxReader.readLabels(new ByteArrayInputStream(labels(IdxReader.LABELS_MAGIC, 1, 2, 0)), "l");
        assertTrue(assertThrows(IdxFormatException.class, () -> LabelledImages.of(img, two, 3, 2, 2, 10))
                .getMessage().contains("3 images but the labels file 2 labels"));
        assertTrue(assertThrows(IdxFormatException.class, () -> LabelledImages.of(img, three, 4, 2, 2, 10))
                .getMessage().contains("announces 4 samples"));
        assertTrue(assertThrows(IdxFormatException.class, () -> LabelledImages.of(img, three, 3, 28, 28, 10))
                .getMessage().contains("28x28"));
    }

    @Test
    void dataSetIsScaledAndOneHot() throws Exception {
        IdxImages img = IdxReader.readImages(new ByteArrayInputStream(images(IdxReader.IMAGES_MAGIC, 4, 2, 2)), "i");
        IdxLabels lab = IdxReader.readLabels(new ByteArrayInputStream(labels(IdxReader.LABELS_MAGIC, 3, 1, 2, 0)), "l");
        DataSet ds = LabelledImages.of(img, lab, 4, 2, 2, 4).toDataSet(1, 2);
        assertArrayEquals(new long[] {2, 4}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {2, 4}, ds.getLabels().shape());
        assertEquals((7 + 3) / 255.0, ds.getFeatures().getDouble(0, 3), 1e-6);
        assertArrayEquals(new float[] {0, 1, 0, 0}, ds.getLabels().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {0, 0, 1, 0}, ds.getLabels().getRow(1).toFloatVector());
    }

    @Test
    void readsFashionMnistTestLabels() throws Exception {
        Path dir = Path.of(System.getProperty("fashion.mnist.dir", "/usr/share/datasets/fashion-mnist"));
        Path file = dir.resolve("t10k-labels-idx1-ubyte.gz");
        assertTrue(Files.exists(file), "Fashion-MNIST is required (apt-get install dataset-fashion-mnist): " + file);
        IdxLabels labels = IdxReader.readLabels(file);
        assertEquals(10_000, labels.count());
        int[] perClass = new int[10];
        for (int i = 0; i < labels.count(); i++) {
            perClass[labels.label(i)]++;
        }
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, perClass);
    }
}
