package org.trainex.chain.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.trainex.chain.merkle.MerkleTree.Ballot;
import org.trainex.chain.merkle.MerkleTree.Entry;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

class MerkleTreeTest {

    static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Deterministic pseudo-random entries of one data request. */
    static List<Entry> entries(int n, long seed) {
        Random r = new Random(seed);
        byte[] requestId = new byte[32];
        r.nextBytes(requestId);
        List<Entry> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] digest = new byte[32];
            r.nextBytes(digest);
            byte[] addr = new byte[20];
            r.nextBytes(addr);
            list.add(new Entry(requestId, digest, MerkleTree.toHex(addr), r.nextInt(1_000_000),
                    BigInteger.valueOf(r.nextInt(10_000)).add(BigInteger.ONE)));
        }
        return list;
    }

    /** Deterministic pseudo-random ballots (random holders, support and weights up to 2^100). */
    static List<Ballot> ballots(int n, long seed) {
        Random r = new Random(seed);
        List<Ballot> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] addr = new byte[20];
            r.nextBytes(addr);
            list.add(new Ballot(MerkleTree.toHex(addr), r.nextBoolean(), new BigInteger(100, r)));
        }
        return list;
    }

    @Test
    void ballotEncodingMatchesWeb3jsEncoder() {
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        for (boolean support : new boolean[] {true, false}) {
            Ballot b = new Ballot("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", support, max);
            String expected = TypeEncoder.encode(new DynamicStruct(
                    new Address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), new Bool(support), new Uint256(max)));
            assertEquals(expected, Numeric.toHexStringNoPrefix(b.abiEncoded()));
            assertEquals(96, b.abiEncoded().length);
            assertArrayEquals(Hash.sha3(Hash.sha3(Numeric.hexStringToByteArray(expected))), MerkleTree.leafHash(b));
        }
        assertEquals("0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
                new Ballot("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", true, BigInteger.ONE).holder());
    }

    @Test
    void ballotProofsVerifyAndTamperedBallotsFail() {
        for (int n = 1; n <= 40; n++) {
            List<Ballot> bs = ballots(n, 500 + n);
            MerkleTree tree = MerkleTree.ofBallots(bs);
            for (int i = 0; i < n; i++) {
                Ballot b = bs.get(i);
                List<byte[]> proof = tree.proof(i);
                assertTrue(MerkleTree.verify(tree.root(), b, proof), "n=" + n + " i=" + i);
                assertFalse(MerkleTree.verify(tree.root(), new Ballot(b.holder(), !b.support(), b.weight()), proof));
                assertFalse(MerkleTree.verify(tree.root(),
                        new Ballot(b.holder(), b.support(), b.weight().add(BigInteger.ONE)), proof));
            }
            assertEquals(bs, tree.ballots());
        }
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.ofBallots(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Ballot("0x12", true, BigInteger.ONE));
        assertThrows(IllegalArgumentException.class,
                () -> new Ballot("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", true, BigInteger.ONE.negate()));
        assertThrows(IllegalStateException.class, () -> MerkleTree.ofBallots(ballots(2, 1)).entries());
        assertThrows(IllegalStateException.class, () -> MerkleTree.of(entries(2, 1)).ballots());
    }

    @Test
    void abiEncodingMatchesWeb3jsEncoder() throws Exception {
        Entry e = new Entry(sha256("request-1"), sha256("blob"), "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                Long.MAX_VALUE, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE));
        String expected = TypeEncoder.encode(new DynamicStruct(new Bytes32(sha256("request-1")),
                new Bytes32(sha256("blob")), new Address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
                new Uint64(BigInteger.valueOf(Long.MAX_VALUE)),
                new Uint256(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE))));
        assertEquals(expected, Numeric.toHexStringNoPrefix(MerkleTree.abiEncode(e)));
        assertEquals(160, MerkleTree.abiEncode(e).length);
        assertArrayEquals(Hash.sha3(Hash.sha3(Numeric.hexStringToByteArray(expected))), MerkleTree.leafHash(e));
    }

    @Test
    void oneEntryTreeIsItsLeafWithAnEmptyProof() {
        Entry e = entries(1, 1).get(0);
        MerkleTree tree = MerkleTree.of(List.of(e));
        assertArrayEquals(MerkleTree.leafHash(e), tree.root());
        assertTrue(tree.proof(0).isEmpty());
        assertTrue(MerkleTree.verify(tree.root(), e, List.of()));
    }

    @Test
    void twoEntriesHashAsASortedPair() {
        List<Entry> es = entries(2, 2);
        byte[] a = MerkleTree.leafHash(es.get(0));
        byte[] b = MerkleTree.leafHash(es.get(1));
        MerkleTree tree = MerkleTree.of(es);
        assertArrayEquals(MerkleTree.hashPair(a, b), tree.root());
        assertArrayEquals(MerkleTree.hashPair(b, a), tree.root());
        assertEquals(List.of(MerkleTree.toHex(b)), tree.proofHex(0));
        assertEquals(List.of(MerkleTree.toHex(a)), tree.proofHex(1));
    }

    @Test
    void everyProofVerifiesAndIsLogarithmic() {
        for (int n = 1; n <= 70; n++) {
            List<Entry> es = entries(n, n);
            MerkleTree tree = MerkleTree.of(es);
            int maxDepth = 32 - Integer.numberOfLeadingZeros(n - 1); // ceil(log2 n)
            for (int i = 0; i < n; i++) {
                List<byte[]> proof = tree.proof(i);
                assertTrue(MerkleTree.verify(tree.root(), es.get(i), proof), "n=" + n + " i=" + i);
                assertTrue(proof.size() <= maxDepth, "proof of " + proof.size() + " > " + maxDepth);
            }
        }
    }

    @Test
    void rootDoesNotDependOnEntryOrder() {
        List<Entry> es = new ArrayList<>(entries(33, 7));
        byte[] root = MerkleTree.of(es).root();
        Collections.shuffle(es, new Random(99));
        assertArrayEquals(root, MerkleTree.of(es).root());
    }

    @Test
    void tamperedFieldsAndNonMembersFail() {
        List<Entry> es = entries(16, 3);
        MerkleTree tree = MerkleTree.of(es);
        Entry e = es.get(5);
        List<byte[]> proof = tree.proof(5);
        assertTrue(MerkleTree.verify(tree.root(), e, proof));
        assertFalse(MerkleTree.verify(tree.root(),
                new Entry(e.requestId(), e.contentDigest(), e.contributor(), e.sampleCount() + 1, e.shares()), proof));
        assertFalse(MerkleTree.verify(tree.root(),
                new Entry(e.requestId(), e.contentDigest(), e.contributor(), e.sampleCount(),
                        e.shares().add(BigInteger.ONE)), proof));
        assertFalse(MerkleTree.verify(tree.root(),
                new Entry(e.requestId(), e.contentDigest(), "0x0000000000000000000000000000000000000001",
                        e.sampleCount(), e.shares()), proof));
        byte[] otherDigest = e.contentDigest();
        otherDigest[0] ^= 1;
        assertFalse(MerkleTree.verify(tree.root(),
                new Entry(e.requestId(), otherDigest, e.contributor(), e.sampleCount(), e.shares()), proof));
        Entry outsider = entries(17, 4).get(16);
        for (int i = 0; i < 16; i++) {
            assertFalse(MerkleTree.verify(tree.root(), outsider, tree.proof(i)));
        }
        // an inner node is not a leaf: its children's pair is no valid entry
        assertFalse(MerkleTree.verify(tree.root(), e, proof.subList(1, proof.size())));
    }

    @Test
    void entryValidatesItsShape() {
        byte[] b32 = new byte[32];
        String addr = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
        assertThrows(IllegalArgumentException.class, () -> new Entry(new byte[31], b32, addr, 1, BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> new Entry(b32, new byte[33], addr, 1, BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> new Entry(b32, b32, "0x1234", 1, BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> new Entry(b32, b32, addr, -1, BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> new Entry(b32, b32, addr, 1, BigInteger.ONE.negate()));
        assertThrows(IllegalArgumentException.class,
                () -> new Entry(b32, b32, addr, 1, BigInteger.ONE.shiftLeft(256)));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.of(List.of()));
        Entry e = new Entry(b32, b32, addr, 1, BigInteger.ONE);
        assertEquals(addr.toLowerCase(), e.contributor());
        assertEquals(e, Entry.of(MerkleTree.toHex(b32), "00".repeat(32), addr.toUpperCase().replace("0X", "0x"), 1,
                BigInteger.ONE));
        byte[] leaked = e.requestId();
        leaked[0] = 9;
        assertEquals(0, e.requestId()[0], "entries are immutable");
    }
}
