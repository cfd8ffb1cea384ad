package org.trainex.datamarket.domain;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.trainex.shared.api.InvalidInputException;

/**
 * Checks a labelled image dataset in IDX format (the format of MNIST and Fashion-MNIST) and counts it.
 *
 * <p>Images: big-endian header {@code 0x00000803, N, rows, columns}, then N x rows x columns unsigned bytes.
 * Labels: {@code 0x00000801, N}, then N unsigned bytes. Either file may be gzip-compressed (detected by the
 * gzip magic {@code 1f 8b}). Files must end exactly after the last sample.
 */
public final class IdxInspector {
    /** IDX magic of an unsigned-byte 3-D tensor (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** IDX magic of an unsigned-byte 1-D tensor (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Largest accepted image side in pixels. */
    public static final int MAX_SIDE = 4096;
    /** Largest accepted number of classes (labels are one unsigned byte). */
    public static final int MAX_CLASSES = 256;

    /**
     * What an IDX pair holds.
     *
     * @param samples   N
     * @param rows      image height in pixels
     * @param columns   image width in pixels
     * @param classes   highest label + 1 (at least two distinct labels occur)
     * @param histogram samples per label, index = label, length = classes
     */
    public record Summary(int samples, int rows, int columns, int classes, long[] histogram) {
    }

    /**
     * Reads both streams to their end and checks them against each other.
     *
     * @throws InvalidInputException with a precise reason: wrong magic, zero or oversize dimensions, sample
     *                               counts that differ, a truncated file, trailing bytes, fewer than 2 classes
     * @throws IOException           if a stream cannot be read
     */
    public static Summary inspect(InputStream images, InputStream labels) throws IOException {
        try (DataInputStream img = new DataInputStream(maybeGunzip(images));
             DataInputStream lab = new DataInputStream(maybeGunzip(labels))) {
            int imagesMagic = readHeaderInt(img, "images");
            if (imagesMagic != IMAGES_MAGIC) {
                throw new InvalidInputException(String.format(
                        "images file: wrong IDX header 0x%08x, expected 0x%08x (unsigned-byte 3-D tensor)",
                        imagesMagic, IMAGES_MAGIC));
            }
            int n = readHeaderInt(img, "images");
            int rows = readHeaderInt(img, "images");
            int cols = readHeaderInt(img, "images");
            if (n <= 0 || rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
                throw new InvalidInputException("images file: bad dimensions " + n + " x " + rows + " x " + cols);
            }
            int labelsMagic = readHeaderInt(lab, "labels");
            if (labelsMagic != LABELS_MAGIC) {
                throw new InvalidInputException(String.format(
                        "labels file: wrong IDX header 0x%08x, expected 0x%08x (unsigned-byte 1-D tensor)",
                        labelsMagic, LABELS_MAGIC));
            }
            int nLabels = readHeaderInt(lab, "labels");
            if (nLabels != n) {
                throw new InvalidInputException("images file has " + n + " samples but labels file has " + nLabels);
            }
            long imageBytes = (long) n * rows * cols;
            long read = skipFully(img, imageBytes);
            if (read < imageBytes) {
                throw new InvalidInputException("images file is truncated: " + read + " of " + imageBytes
                        + " pixel bytes (" + n + " x " + rows + " x " + cols + ")");
            }
            if (img.read() != -1) {
                throw new InvalidInputException("images file has bytes after the last of its " + n + " images");
            }
            long[] histogram = new long[MAX_CLASSES];
            int maxLabel = -1;
            byte[] buf = new byte[64 * 1024];
            int seen = 0;
            while (seen < n) {
                int got = lab.read(buf, 0, Math.min(buf.length, n - seen));
                if (got < 0) {
                    throw new InvalidInputException("labels file is truncated: " + seen + " of " + n + " labels");
                }
                for (int i = 0; i < got; i++) {
                    int label = buf[i] & 0xff;
                    histogram[label]++;
                    maxLabel = Math.max(maxLabel, label);
                }
                seen += got;
            }
            if (lab.read() != -1) {
                throw new InvalidInputException("labels file has bytes after the last of its " + n + " labels");
            }
            int classes = maxLabel + 1;
            long labelsUsed = java.util.Arrays.stream(histogram).filter(c -> c > 0).count();
            if (labelsUsed < 2) {
                throw new InvalidInputException("labels use a single class: a classifier needs at least 2");
            }
            return new Summary(n, rows, cols, classes, java.util.Arrays.copyOf(histogram, classes));
        }
    }

    static InputStream maybeGunzip(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 64 * 1024);
        b.mark(2);
        int m1 = b.read();
        int m2 = b.read();
        b.reset();
        if (m1 == 0x1f && m2 == 0x8b) {
            try {
                return new GZIPInputStream(b, 64 * 1024);
            } catch (IOException e) {
                throw new InvalidInputException("corrupt gzip stream: " + e.getMessage());
            }
        }
        return b;
    }

    private static int readHeaderInt(DataInputStream in, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new InvalidInputException(what + " file is truncated inside its IDX header");
        }
    }

    private static long skipFully(InputStream in, long bytes) throws IOException {
        byte[] buf = new byte[256 * 1024];
        long done = 0;
        while (done < bytes) {
            int got;
            try {
                got = in.read(buf, 0, (int) Math.min(buf.length, bytes - done));
            } catch (EOFException e) {
                return done;
            }
            if (got < 0) {
                return done;
            }
            done += got;
        }
        return done;
    }

    private IdxInspector() {
    }
}
