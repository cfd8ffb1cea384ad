package org.trainex.chain.merkle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.web3j.crypto.Hash;

/**
 * Merkle tree over registry entries, compatible with OpenZeppelin's {@code StandardMerkleTree} (npm
 * {@code @openzeppelin/merkle-tree} 1.x, leaf types {@code ["bytes32","bytes32","address","uint64","uint256"]}) and
 * with {@code DataRegistry.verifyEntry} on chain ({@code MerkleProof.verify}).
 *
 * <p>Shapes:
 * <ul>
 *   <li>leaf = {@code keccak256(keccak256(abi.encode(requestId, contentDigest, contributor, sampleCount, shares)))}:
 *       the ABI encoding is five 32-byte words (bytes32, bytes32, address left-padded, uint64 left-padded, uint256),
 *       160 bytes; hashing twice keeps a leaf from ever equalling an inner node;</li>
 *   <li>inner node = {@code keccak256(min(a, b) ++ max(a, b))}, comparing the 32-byte hashes as unsigned big-endian
 *       numbers (sorted pairs, so a proof needs no left/right flags);</li>
 *   <li>the leaves are sorted by hash (stable), then laid out as OpenZeppelin does: a complete binary tree in an array
 *       of {@code 2n - 1} nodes, leaf {@code i} (in sorted order) at index {@code 2n - 2 - i}, node {@code k}'s
 *       children at {@code 2k + 1} and {@code 2k + 2}, root at 0. One entry: the root is its leaf, its proof empty;</li>
 *   <li>a proof is the list of sibling hashes from the leaf up to (excluding) the root, at most
 *       {@code ceil(log2 n)} hashes of 32 bytes.</li>
 * </ul>
 * Hashes are Keccak-256 ({@code org.web3j.crypto.Hash.sha3}). Trainex's own implementation (the chain gateway
 * builds the tree it anchors, and gives contributors their proofs); cross-checked against the JavaScript library in
 * {@code MerkleTreeCrossCheckTest}.
 *
 * <p>Source of the rule: DESIGN.md "The chain is the public record" (bulk items are batched into Merkle roots with
 * on-chain inclusion checks); shared/seeds/000_d546d6f52486116e.txt (DataBright), section 2 (accepted proposals are
 * immutable registry entries).
 *
 * <p>Immutable and thread-safe.
 */
public final class MerkleTree {
    private static final HexFormat HEX = HexFormat.of();
    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    private final List<Entry> entries;
    private final byte[][] nodes;
    private final int[] nodeOfEntry;

    /**
     * One registry entry, the tuple a leaf commits to.
     *
     * @param requestId the data request id, 32 bytes (the registry id is this as an unsigned 256-bit integer)
     * @param contentDigest SHA-256 of the dataset blob, 32 bytes (the digest inside the blob's CIDv1)
     * @param contributor the contributor's wallet, {@code 0x} + 40 hex digits, any case (kept lower case)
     * @param sampleCount number of training samples, 0 to 2^63-1 (a uint64 on chain)
     * @param shares ShareToken units minted for the entry, 0 to 2^256-1
     * @throws IllegalArgumentException on a wrong length, a malformed address or an out-of-range number
     */
    public record Entry(byte[] requestId, byte[] contentDigest, String contributor, long sampleCount,
            BigInteger shares) {
        private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
        private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

        public Entry {
            requestId = bytes32("requestId", requestId);
            contentDigest = bytes32("contentDigest", contentDigest);
            Objects.requireNonNull(contributor, "contributor");
            if (!ADDRESS.matcher(contributor).matches()) {
                throw new IllegalArgumentException("contributor must be 0x + 40 hex digits: " + contributor);
            }
            contributor = contributor.toLowerCase(java.util.Locale.ROOT);
            if (sampleCount < 0) {
                throw new IllegalArgumentException("sampleCount must not be negative: " + sampleCount);
            }
            Objects.requireNonNull(shares, "shares");
            if (shares.signum() < 0 || shares.compareTo(UINT256_LIMIT) >= 0) {
                throw new IllegalArgumentException("shares out of uint256 range: " + shares);
            }
        }

        /** Same, with hex strings ({@code 0x} optional) for the two 32-byte fields. */
        public static Entry of(String requestIdHex, String contentDigestHex, String contributor, long sampleCount,
                BigInteger shares) {
            return new Entry(fromHex(requestIdHex), fromHex(contentDigestHex), contributor, sampleCount, shares);
        }

        @Override
        public byte[] requestId() {
            return requestId.clone();
        }

        @Override
        public byte[] contentDigest() {
            return contentDigest.clone();
        }

        /** The contributor's 20 address bytes. */
        public byte[] contributorBytes() {
            return HEX.parseHex(contributor.substring(2));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && Arrays.equals(requestId, e.requestId)
                    && Arrays.equals(contentDigest, e.contentDigest) && contributor.equals(e.contributor)
                    && sampleCount == e.sampleCount && shares.equals(e.shares);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(requestId), Arrays.hashCode(contentDigest), contributor, sampleCount,
                    shares);
        }

        @Override
        public String toString() {
            return "Entry[requestId=" + toHex(requestId) + ", contentDigest=" + toHex(contentDigest) + ", contributor="
                    + contributor + ", sampleCount=" + sampleCount + ", shares=" + shares + "]";
        }

        private static byte[] bytes32(String name, byte[] value) {
            Objects.requireNonNull(value, name);
            if (value.length != 32) {
                throw new IllegalArgumentException(name + " must be 32 bytes, got " + value.length);
            }
            return value.clone();
        }
    }

    private MerkleTree(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one entry");
        }
        this.entries = List.copyOf(entries);
        int n = this.entries.size();
        byte[][] leaves = new byte[n][];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            leaves[i] = leafHash(this.entries.get(i));
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> UNSIGNED.compare(leaves[a], leaves[b])); // stable, as JavaScript's sort
        nodes = new byte[2 * n - 1][];
        nodeOfEntry = new int[n];
        for (int sorted = 0; sorted < n; sorted++) {
            int index = nodes.length - 1 - sorted;
            nodes[index] = leaves[order[sorted]];
            nodeOfEntry[order[sorted]] = index;
        }
        for (int k = nodes.length - 1 - n; k >= 0; k--) {
            nodes[k] = hashPair(nodes[2 * k + 1], nodes[2 * k + 2]);
        }
    }

    /**
     * Builds the tree of {@code entries} (at least one; duplicates allowed, as in OpenZeppelin's library).
     *
     * @throws IllegalArgumentException if {@code entries} is empty
     */
    public static MerkleTree of(List<Entry> entries) {
        return new MerkleTree(Objects.requireNonNull(entries, "entries"));
    }

    /** The 32-byte root, what {@code DataRegistry.anchorBatch} anchors. */
    public byte[] root() {
        return nodes[0].clone();
    }

    /** The root as {@code 0x} + 64 lower-case hex digits. */
    public String rootHex() {
        return toHex(nodes[0]);
    }

    /** Number of entries (leaves). */
    public int size() {
        return entries.size();
    }

    /** The entries in the order they were given. */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * The inclusion proof of entry {@code entryIndex} (index into {@link #entries()}): sibling hashes from the leaf up.
     *
     * @throws IndexOutOfBoundsException for an index outside {@code [0, size())}
     */
    public List<byte[]> proof(int entryIndex) {
        Objects.checkIndex(entryIndex, entries.size());
        List<byte[]> proof = new ArrayList<>();
        int k = nodeOfEntry[entryIndex];
        while (k > 0) {
            int sibling = (k % 2 == 1) ? k + 1 : k - 1;
            proof.add(nodes[sibling].clone());
            k = (k - 1) / 2;
        }
        return Collections.unmodifiableList(proof);
    }

    /** {@link #proof(int)} as hex strings. */
    public List<String> proofHex(int entryIndex) {
        return proof(entryIndex).stream().map(MerkleTree::toHex).toList();
    }

    /** The leaf hash of {@code entry}: {@code keccak256(keccak256(abi.encode(...)))}. */
    public static byte[] leafHash(Entry entry) {
        return Hash.sha3(Hash.sha3(abiEncode(entry)));
    }

    /** {@code abi.encode(requestId, contentDigest, contributor, sampleCount, shares)}: 160 bytes. */
    public static byte[] abiEncode(Entry entry) {
        byte[] out = new byte[5 * 32];
        System.arraycopy(entry.requestId, 0, out, 0, 32);
        System.arraycopy(entry.contentDigest, 0, out, 32, 32);
        byte[] address = entry.contributorBytes();
        System.arraycopy(address, 0, out, 64 + 12, 20);
        for (int i = 0; i < 8; i++) {
            out[96 + 31 - i] = (byte) (entry.sampleCount >>> (8 * i));
        }
        byte[] shares = entry.shares.toByteArray(); // big-endian, may carry a leading 0 sign byte
        int len = Math.min(shares.length, 32);
        System.arraycopy(shares, shares.length - len, out, 128 + 32 - len, len);
        return out;
    }

    /** An inner node: Keccak-256 of the two 32-byte hashes in ascending (unsigned) order. */
    public static byte[] hashPair(byte[] a, byte[] b) {
        byte[] lo = UNSIGNED.compare(a, b) <= 0 ? a : b;
        byte[] hi = lo == a ? b : a;
        byte[] both = new byte[64];
        System.arraycopy(lo, 0, both, 0, 32);
        System.arraycopy(hi, 0, both, 32, 32);
        return Hash.sha3(both);
    }

    /** The root that {@code proof} leads to from {@code leaf} (what {@code MerkleProof.processProof} computes). */
    public static byte[] processProof(byte[] leaf, List<byte[]> proof) {
        byte[] node = leaf;
        for (byte[] sibling : proof) {
            node = hashPair(node, sibling);
        }
        return node.clone();
    }

    /** Whether {@code proof} shows {@code entry} under {@code root}, exactly as {@code DataRegistry.verifyEntry}. */
    public static boolean verify(byte[] root, Entry entry, List<byte[]> proof) {
        return Arrays.equals(root, processProof(leafHash(entry), proof));
    }

    /** {@code 0x} + lower-case hex. */
    public static String toHex(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    /** Parses hex with or without {@code 0x}. */
    public static byte[] fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        return HEX.parseHex(hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex);
    }
}
