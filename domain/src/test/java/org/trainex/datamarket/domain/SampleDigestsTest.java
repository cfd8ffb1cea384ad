package org.trainex.datamarket.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.trainex.shared.api.InvalidInputException;

/** Per-sample digests and duplicate counting (issue 11 item 3). */
class SampleDigestsTest {
    /** An IDX images file of 2x2 images whose first pixel is {@code firsts[i]}. */
    static byte[] idx(boolean gzip, int... firsts) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(b) : b)) {
            out.writeInt(IdxInspector.IMAGES_MAGIC);
            out.writeInt(firsts.length);
            out.writeInt(2);
            out.writeInt(2);
            for (int f : firsts) {
                out.write(new byte[] {(byte) f, 1, 2, 3});
            }
        }
        return b.toByteArray();
    }

    static SampleDigests.Digests of(byte[] idx) throws IOException {
        return SampleDigests.ofIdxImages(new ByteArrayInputStream(idx));
    }

    @Test
    void oneSixteenByteDigestPerImageGzipOrNot() throws IOException {
        SampleDigests.Digests plain = of(idx(false, 1, 2, 3));
        SampleDigests.Digests gz = of(idx(true, 1, 2, 3));
        assertEquals(3, plain.size());
        assertEquals(SampleDigests.BYTES, plain.values().get(0).length);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(plain.values().get(i), gz.values().get(i));
        }
        assertEquals(0, plain.internalDuplicates());
    }

    @Test
    void countsCopiesOfAcceptedSamplesAndWithinTheDataset() throws IOException {
        SampleDigests.Digests accepted = of(idx(false, 1, 2, 3, 4));
        Set<SampleDigests.Key> known = new HashSet<>();
        accepted.values().forEach(v -> known.add(new SampleDigests.Key(v)));
        // 2 and 3 are accepted; 9 appears twice in the proposal; 3 appears twice (both counted against accepted)
        SampleDigests.Digests proposal = of(idx(false, 2, 3, 3, 9, 9, 10));
        assertEquals(3, proposal.countIn(known));
        assertEquals(2, proposal.internalDuplicates());
        assertEquals(4, proposal.distinct().size());
        assertEquals("3 of 6 samples duplicate accepted registry data (3 of dataset X); 2 of 6 samples repeat "
                + "another sample of the same dataset (samples compared by SHA-256 of their content)",
                SampleDigests.refusal(3, 2, 6, "3 of dataset X"));
        assertNull(SampleDigests.refusal(0, 0, 6, ""));
        assertEquals(0, of(idx(false, 5, 6)).countIn(known));
    }

    @Test
    void sixtyThousandDigestsAreQuick() throws IOException {
        int[] firsts = new int[60_000];
        for (int i = 0; i < firsts.length; i++) {
            firsts[i] = i; // the first pixel wraps at 256, so most images repeat: the count must say so
        }
        long start = System.nanoTime();
        SampleDigests.Digests d = of(idx(true, firsts));
        assertEquals(60_000 - 256, d.internalDuplicates());
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "digests of 60,000 images take seconds at most");
    }

    @Test
    void csvRowsAreComparedByTheirFeaturesNotTheirLabel() throws IOException {
        String csv = "a,b,label\n1,2,0\n3,4,1\n1, 2,1\n";
        SampleDigests.Digests d = SampleDigests.ofCsvRows(new ByteArrayInputStream(
                csv.getBytes(StandardCharsets.UTF_8)), "label");
        assertEquals(3, d.size());
        assertEquals(1, d.internalDuplicates(), "row 3 repeats row 1's features with another label");
    }

    @Test
    void refusesAFileThatIsNoIdxImages() {
        assertThrows(InvalidInputException.class, () -> of(new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 0}));
        assertThrows(InvalidInputException.class, () -> of(java.util.Arrays.copyOf(idxUnchecked(1, 2), 20)));
    }

    static byte[] idxUnchecked(int... firsts) {
        try {
            return idx(false, firsts);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void keysCompareByContent() {
        assertEquals(new SampleDigests.Key(new byte[] {1, 2}), new SampleDigests.Key(new byte[] {1, 2}));
        assertEquals(List.of(new SampleDigests.Key(new byte[] {1})).size(), 1);
    }
}
