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
 * Merkle tree compatible with OpenZeppelin's {@code StandardMerkleTree} (npm {@code @openzeppelin/merkle-tree} 1.x)
 * and {@code MerkleProof.verify} on chain, over one of two leaf kinds ({@link Leaf}):
 * <ul>
 *   <li>registry entries ({@link Entry}, leaf types {@code ["bytes32","bytes32","address","uint64","uint256"]}),
 *       checked by {@code DataRegistry.verifyEntry};</li>
 *   <li>curation ballots ({@link Ballot}, leaf types {@code ["address","bool","uint256"]}), checked by
 *       {@code CurationVoting.verifyBallot}.</li>
 * </ul>
 *
 * <p>Shapes:
 * <ul>
 *   <li>leaf = {@code keccak256(keccak256(abi.encode(fields...)))}: for an entry, five 32-byte words
 *       ({@code requestId, contentDigest, contributor, sampleCount, shares}: bytes32, bytes32, address left-padded,
 *       uint64 left-padded, uint256), 160 bytes; for a ballot, three words ({@code holder, support, weight}: address
 *       left-padded, bool as 0 or 1 left-padded, uint256), 96 bytes; hashing twice keeps a leaf from ever equalling
 *       an inner node;</li>
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
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    /** A value a leaf commits to: its fields in the order and ABI types of the tree's leaf encoding. */
    public sealed interface Leaf permits Entry, Ballot {
        /** {@code abi.encode(fields...)}: 32 bytes per field. */
        byte[] abiEncoded();
    }

    private final List<? extends Leaf> values;
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
            BigInteger shares) implements Leaf {
        public Entry {
            requestId = bytes32("requestId", requestId);
            contentDigest = bytes32("contentDigest", contentDigest);
            contributor = address("contributor", contributor);
            if (sampleCount < 0) {
                throw new IllegalArgumentException("sampleCount must not be negative: " + sampleCount);
            }
            uint256("shares", shares);
        }

        @Override
        public byte[] abiEncoded() {
            return abiEncode(this);
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

    /**
     * One curation ballot, the tuple a ballot leaf commits to ({@code CurationVoting.verifyBallot}): one weight
     * source of a proposal's tally (DataBright, seed 000, Section 2: curators vote on data proposals).
     *
     * @param holder  the address whose checkpointed voting power counted (a curator, or a delegate such as the
     *                oracle's account), {@code 0x} + 40 hex digits, any case (kept lower case)
     * @param support true = yes, false = no
     * @param weight  CuratorToken base units, 0 to 2^256-1: the holder's {@code getPastVotes} at the snapshot block
     * @throws IllegalArgumentException on a malformed address or an out-of-range weight
     */
    public record Ballot(String holder, boolean support, BigInteger weight) implements Leaf {
        public Ballot {
            holder = address("holder", holder);
            uint256("weight", weight);
        }

        /** {@code abi.encode(holder, support, weight)}: 96 bytes. */
        @Override
        public byte[] abiEncoded() {
            byte[] out = new byte[3 * 32];
            System.arraycopy(HEX.parseHex(holder.substring(2)), 0, out, 12, 20);
            out[63] = (byte) (support ? 1 : 0);
            putUint256(weight, out, 64);
            return out;
        }
    }

    private MerkleTree(List<? extends Leaf> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        this.values = List.copyOf(values);
        int n = this.values.size();
        byte[][] leaves = new byte[n][];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            leaves[i] = leafHash(this.values.get(i));
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

    /**
     * Builds the tree of a tally's {@code ballots} (at least one; leaf types {@code [address, bool, uint256]}), whose
     * root {@code CurationVoting.recordTally} records.
     *
     * @throws IllegalArgumentException if {@code ballots} is empty (a tally without ballots records bytes32(0))
     */
    public static MerkleTree ofBallots(List<Ballot> ballots) {
        return new MerkleTree(Objects.requireNonNull(ballots, "ballots"));
    }

    /** The 32-byte root, what {@code DataRegistry.anchorBatch} anchors. */
    public byte[] root() {
        return nodes[0].clone();
    }

    /** The root as {@code 0x} + 64 lower-case hex digits. */
    public String rootHex() {
        return toHex(nodes[0]);
    }

    /** Number of leaves (entries or ballots). */
    public int size() {
        return values.size();
    }

    /** The leaves' values (entries or ballots) in the order they were given. */
    public List<Leaf> values() {
        return List.copyOf(values);
    }

    /**
     * The entries in the order they were given.
     *
     * @throws IllegalStateException if this is a tree of ballots
     */
    public List<Entry> entries() {
        return typed(Entry.class);
    }

    /**
     * The ballots in the order they were given.
     *
     * @throws IllegalStateException if this is a tree of registry entries
     */
    public List<Ballot> ballots() {
        return typed(Ballot.class);
    }

    private <T extends Leaf> List<T> typed(Class<T> type) {
        if (!type.isInstance(values.get(0))) {
            throw new IllegalStateException("this tree holds " + values.get(0).getClass().getSimpleName()
                    + " leaves, not " + type.getSimpleName());
        }
        return values.stream().map(type::cast).toList();
    }

    /**
     * The inclusion proof of leaf {@code entryIndex} (index into {@link #values()}): sibling hashes from the leaf up.
     *
     * @throws IndexOutOfBoundsException for an index outside {@code [0, size())}
     */
    public List<byte[]> proof(int entryIndex) {
        Objects.checkIndex(entryIndex, values.size());
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

    /** The leaf hash of {@code leaf} (an entry or a ballot): {@code keccak256(keccak256(abi.encode(...)))}. */
    public static byte[] leafHash(Leaf leaf) {
        return Hash.sha3(Hash.sha3(leaf.abiEncoded()));
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
        putUint256(entry.shares, out, 128);
        return out;
    }

    /** Writes {@code value} (0 to 2^256-1) as a big-endian 32-byte word at {@code offset}. */
    private static void putUint256(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray(); // big-endian, may carry a leading 0 sign byte
        int len = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - len, out, offset + 32 - len, len);
    }

    private static String address(String name, String value) {
        Objects.requireNonNull(value, name);
        if (!ADDRESS.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 0x + 40 hex digits: " + value);
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    private static void uint256(String name, BigInteger value) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0 || value.compareTo(UINT256_LIMIT) >= 0) {
            throw new IllegalArgumentException(name + " out of uint256 range: " + value);
        }
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

    /**
     * Whether {@code proof} shows {@code leaf} under {@code root}, exactly as {@code DataRegistry.verifyEntry} (for an
     * entry) or the Merkle part of {@code CurationVoting.verifyBallot} (for a ballot) check it.
     */
    public static boolean verify(byte[] root, Leaf leaf, List<byte[]> proof) {
        return Arrays.equals(root, processProof(leafHash(leaf), proof));
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
