package org.trainex.runner.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST-style datasets, raw or gzip-compressed (detected by the gzip magic
 * {@code 1f 8b}).
 *
 * <p>Format (Y. LeCun, "THE MNIST DATABASE of handwritten digits", section "FILE FORMATS FOR THE MNIST
 * DATABASE"; Fashion-MNIST uses the same): a big-endian 32-bit magic number whose first two bytes are 0, third
 * byte the element type ({@code 0x08} = unsigned byte) and fourth byte the number of dimensions; then one
 * big-endian 32-bit size per dimension; then the data. Images are {@code 0x00000803} (N, rows, columns),
 * labels {@code 0x00000801} (N).
 *
 * <p>Every rule is checked: the magic number, positive sizes, exactly the data the header announces (a
 * shorter file is "truncated", a longer one has "trailing bytes"). Errors are {@link IdxFormatException}s
 * naming {@code source} (a file name or content id).
 */
public final class IdxReader {
    /** Magic number of an images file: unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a labels file: unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Largest accepted image file payload, 2^31 - 1 bytes (one Java array). */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    /** Reads an images file. @throws IdxFormatException if it is not a valid idx3-ubyte file */
    public static IdxImages readImages(Path file) throws IOException, IdxFormatException {
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(in, file.getFileName().toString());
        }
    }

    /** Reads a labels file. @throws IdxFormatException if it is not a valid idx1-ubyte file */
    public static IdxLabels readLabels(Path file) throws IOException, IdxFormatException {
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(in, file.getFileName().toString());
        }
    }

    /**
     * Reads an images file from a stream (not closed), raw or gzip.
     *
     * @param source name used in error messages
     * @throws IdxFormatException wrong magic, bad sizes, truncated or trailing bytes
     * @throws IOException        if reading fails
     */
    public static IdxImages readImages(InputStream raw, String source) throws IOException, IdxFormatException {
        DataInputStream in = new DataInputStream(decompressed(raw, source));
        int magic = readHeaderInt(in, source, "magic number");
        if (magic != IMAGES_MAGIC) {
            throw new IdxFormatException(source + ": not an IDX images file (magic number 0x"
                    + hex(magic) + ", expected 0x" + hex(IMAGES_MAGIC) + ")");
        }
        int count = readSize(in, source, "image count");
        int rows = readSize(in, source, "rows");
        int columns = readSize(in, source, "columns");
        long size = (long) count * rows * columns;
        if (size > MAX_BYTES) {
            throw new IdxFormatException(source + ": " + count + " images of " + rows + "x" + columns
                    + " pixels exceed the supported size of " + MAX_BYTES + " bytes");
        }
        byte[] pixels = readData(in, (int) size, source, count + " images of " + rows + "x" + columns);
        return new IdxImages(count, rows, columns, pixels);
    }

    /**
     * Reads a labels file from a stream (not closed), raw or gzip.
     *
     * @param source name used in error messages
     * @throws IdxFormatException wrong magic, bad size, truncated or trailing bytes
     * @throws IOException        if reading fails
     */
    public static IdxLabels readLabels(InputStream raw, String source) throws IOException, IdxFormatException {
        DataInputStream in = new DataInputStream(decompressed(raw, source));
        int magic = readHeaderInt(in, source, "magic number");
        if (magic != LABELS_MAGIC) {
            throw new IdxFormatException(source + ": not an IDX labels file (magic number 0x"
                    + hex(magic) + ", expected 0x" + hex(LABELS_MAGIC) + ")");
        }
        int count = readSize(in, source, "label count");
        return new IdxLabels(count, readData(in, count, source, count + " labels"));
    }

    private static InputStream decompressed(InputStream raw, String source) throws IOException,
            IdxFormatException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 64 * 1024), 64 * 1024);
            } catch (EOFException e) {
                throw new IdxFormatException(source + ": truncated gzip header", e);
            }
        }
        return in;
    }

    private static int readHeaderInt(DataInputStream in, String source, String what) throws IOException,
            IdxFormatException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(source + ": truncated IDX header (no " + what + ")", e);
        }
    }

    private static int readSize(DataInputStream in, String source, String what) throws IOException,
            IdxFormatException {
        int n = readHeaderInt(in, source, what);
        if (n <= 0) {
            throw new IdxFormatException(source + ": " + what + " is " + n + ", must be positive");
        }
        return n;
    }

    private static byte[] readData(DataInputStream in, int size, String source, String what)
            throws IOException, IdxFormatException {
        byte[] data = new byte[size];
        int done = 0;
        try {
            while (done < size) {
                int n = in.read(data, done, size - done);
                if (n < 0) {
                    throw new IdxFormatException(source + ": truncated: the header announces " + what + " ("
                            + size + " bytes of data) but the file ends after " + done + " bytes");
                }
                done += n;
            }
            if (in.read() >= 0) {
                throw new IdxFormatException(source + ": trailing bytes after the " + size
                        + " bytes of data the header announces (" + what + ")");
            }
        } catch (EOFException e) {
            // GZIPInputStream reports a cut-off compressed stream this way
            throw new IdxFormatException(source + ": truncated: the header announces " + what + " ("
                    + size + " bytes of data) but the compressed stream ends after " + done + " bytes", e);
        }
        return data;
    }

    private static String hex(int v) {
        return String.format("%08x", v);
    }

    private IdxReader() {
    }
}
