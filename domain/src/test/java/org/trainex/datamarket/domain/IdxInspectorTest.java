package org.trainex.datamarket.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.trainex.shared.api.InvalidInputException;

class IdxInspectorTest {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    static byte[] images(int magic, int n, int rows, int cols, int pixelBytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(magic);
        d.writeInt(n);
        d.writeInt(rows);
        d.writeInt(cols);
        d.write(new byte[pixelBytes]);
        return b.toByteArray();
    }

    static byte[] labels(int n, int... values) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(IdxInspector.LABELS_MAGIC);
        d.writeInt(n);
        for (int v : values) {
            d.write(v);
        }
        return b.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }

    static IdxInspector.Summary inspect(byte[] img, byte[] lab) throws IOException {
        return IdxInspector.inspect(new ByteArrayInputStream(img), new ByteArrayInputStream(lab));
    }

    @Test
    void countsAGoodPairRawOrGzipped() throws IOException {
        byte[] img = images(IdxInspector.IMAGES_MAGIC, 3, 2, 2, 12);
        byte[] lab = labels(3, 0, 2, 2);
        IdxInspector.Summary s = inspect(img, lab);
        assertEquals(3, s.samples());
        assertEquals(3, s.classes());
        assertArrayEquals(new long[] {1, 0, 2}, s.histogram());
        assertEquals(3, inspect(gzip(img), gzip(lab)).samples());
    }

    @Test
    void rejectsMalformedFilesWithAPreciseReason() throws IOException {
        byte[] lab = labels(3, 0, 1, 1);
        assertMessage("wrong IDX header", images(0x0801, 3, 2, 2, 12), lab);
        assertMessage("truncated: 11 of 12", images(IdxInspector.IMAGES_MAGIC, 3, 2, 2, 11), lab);
        assertMessage("bytes after the last", images(IdxInspector.IMAGES_MAGIC, 3, 2, 2, 13), lab);
        assertMessage("bad dimensions", images(IdxInspector.IMAGES_MAGIC, 3, 0, 2, 0), lab);
        assertMessage("labels file has 2", images(IdxInspector.IMAGES_MAGIC, 3, 2, 2, 12), labels(2, 0, 1));
        assertMessage("labels file is truncated", images(IdxInspector.IMAGES_MAGIC, 3, 2, 2, 12), labels(3, 0, 1));
        assertMessage("single class", images(IdxInspector.IMAGES_MAGIC, 3, 2, 2, 12), labels(3, 1, 1, 1));
        assertMessage("inside its IDX header", new byte[] {0, 0, 8}, lab);
    }

    private static void assertMessage(String expected, byte[] img, byte[] lab) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspect(img, lab));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    static boolean fashionMnistInstalled() {
        return Files.isReadable(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
    }

    @Test
    @EnabledIf("fashionMnistInstalled")
    void readsTheRealFashionMnistTestSet() throws IOException {
        try (InputStream img = Files.newInputStream(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
             InputStream lab = Files.newInputStream(FASHION.resolve("t10k-labels-idx1-ubyte.gz"))) {
            IdxInspector.Summary s = IdxInspector.inspect(img, lab);
            assertEquals(10000, s.samples());
            assertEquals(28, s.rows());
            assertEquals(28, s.columns());
            assertEquals(10, s.classes());
            for (long perClass : s.histogram()) {
                assertEquals(1000, perClass);
            }
        }
    }
}
