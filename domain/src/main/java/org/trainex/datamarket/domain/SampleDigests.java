package org.trainex.datamarket.domain;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.trainex.shared.api.InvalidInputException;

/**
 * Per-sample digests of a dataset, so that copied data is refused at the door (issue 11 item 3: "a proposal whose
 * samples, by per-sample digest, duplicate accepted samples has those samples refused, with the count"). A sample's
 * digest is the first {@link #BYTES} bytes of SHA-256 over its content: for IDX images the image's
 * rows x columns pixel bytes (the label is left out, so a copy with other labels is still a copy); for CSV the
 * feature values of a row (every column but the label, trimmed, joined by commas). 16 bytes keep 60,000 digests at
 * ~1 MB and make an accidental collision (about n^2 / 2^129) negligible.
 */
public final class SampleDigests {
    /** Bytes of a digest kept (a prefix of SHA-256). */
    public static final int BYTES = 16;

    /** The samples' digests, in sample order (duplicates included). */
    public record Digests(List<byte[]> values) {
        public int size() {
            return values.size();
        }

        /** How many samples repeat an earlier sample of the same list. */
        public int internalDuplicates() {
            Set<Key> seen = new HashSet<>();
            int dup = 0;
            for (byte[] d : values) {
                if (!seen.add(new Key(d))) {
                    dup++;
                }
            }
            return dup;
        }

        /** The distinct digests, in first-seen order. */
        public List<byte[]> distinct() {
            Set<Key> seen = new HashSet<>();
            List<byte[]> out = new ArrayList<>();
            for (byte[] d : values) {
                if (seen.add(new Key(d))) {
                    out.add(d);
                }
            }
            return out;
        }

        /**
         * How many samples (duplicates within the list counted each time) have a digest in {@code known}.
         *
         * @param known digests already accepted
         */
        public int countIn(Set<Key> known) {
            int n = 0;
            for (byte[] d : values) {
                if (known.contains(new Key(d))) {
                    n++;
                }
            }
            return n;
        }
    }

    /** A digest as a set/map key (byte arrays compare by identity). */
    public record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /**
     * Digests of an IDX images file (gzip allowed): one per image.
     *
     * @throws InvalidInputException if the header is not an IDX images header or the file is truncated
     * @throws IOException           if the stream cannot be read
     */
    public static Digests ofIdxImages(InputStream images) throws IOException {
        try (DataInputStream in = new DataInputStream(IdxInspector.maybeGunzip(images))) {
            int magic = in.readInt();
            if (magic != IdxInspector.IMAGES_MAGIC) {
                throw new InvalidInputException(String.format("images file: wrong IDX header 0x%08x", magic));
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n <= 0 || rows <= 0 || cols <= 0 || rows > IdxInspector.MAX_SIDE || cols > IdxInspector.MAX_SIDE) {
                throw new InvalidInputException("images file: bad dimensions " + n + " x " + rows + " x " + cols);
            }
            byte[] image = new byte[rows * cols];
            MessageDigest sha = sha256();
            List<byte[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                try {
                    in.readFully(image);
                } catch (java.io.EOFException e) {
                    throw new InvalidInputException("images file is truncated at image " + i + " of " + n);
                }
                out.add(Arrays.copyOf(sha.digest(image), BYTES));
            }
            return new Digests(out);
        }
    }

    /**
     * Digests of a CSV file with a header: one per row, over its feature values (every column but
     * {@code labelColumn}).
     *
     * @throws InvalidInputException if the CSV cannot be parsed
     */
    public static Digests ofCsvRows(InputStream csv, String labelColumn) throws IOException {
        MessageDigest sha = sha256();
        List<byte[]> out = new ArrayList<>();
        try (Reader r = new java.io.InputStreamReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .setIgnoreSurroundingSpaces(true).build().parse(r)) {
            List<String> header = parser.getHeaderNames();
            for (CSVRecord rec : parser) {
                StringBuilder features = new StringBuilder();
                for (int c = 0; c < rec.size() && c < header.size(); c++) {
                    if (!header.get(c).equals(labelColumn)) {
                        features.append(rec.get(c).strip()).append(',');
                    }
                }
                out.add(Arrays.copyOf(sha.digest(features.toString().getBytes(StandardCharsets.UTF_8)), BYTES));
            }
        } catch (java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw new InvalidInputException("cannot read the CSV rows: " + e.getMessage());
        }
        return new Digests(out);
    }

    /**
     * The refusal message for a proposal with duplicate samples, or null if there are none.
     *
     * @param ofAccepted  samples that duplicate accepted registry data
     * @param internal    samples that repeat an earlier sample of the same proposal
     * @param total       samples of the proposal
     * @param where       which accepted data they duplicate (e.g. "registry entry X: 2,000"), may be empty
     */
    public static String refusal(int ofAccepted, int internal, int total, String where) {
        if (ofAccepted == 0 && internal == 0) {
            return null;
        }
        StringBuilder m = new StringBuilder();
        if (ofAccepted > 0) {
            m.append(String.format(java.util.Locale.ROOT, "%,d of %,d samples duplicate accepted registry data", ofAccepted,
                    total));
            if (where != null && !where.isEmpty()) {
                m.append(" (").append(where).append(')');
            }
        }
        if (internal > 0) {
            if (m.length() > 0) {
                m.append("; ");
            }
            m.append(String.format(java.util.Locale.ROOT, "%,d of %,d samples repeat another sample of the same "
                    + "dataset", internal, total));
        }
        return m.append(" (samples compared by SHA-256 of their content)").toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private SampleDigests() {
    }
}
