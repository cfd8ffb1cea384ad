package org.trainex.chain.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trainex.chain.testing.Reverts.assertReverts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.chain.merkle.MerkleTree.Entry;
import org.trainex.chain.testing.DevChain;
import org.trainex.chain.testing.HardhatNode;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple5;

/**
 * DataRegistry on a real hardhat node with roots built by {@link MerkleTree}: members verify, non-members and
 * tampered fields do not, a root is anchored once, only the owner anchors, and nothing changes an anchored batch.
 */
@ExtendWith(HardhatNode.class)
class DataRegistryContractIT {
    static final int EXCHANGE = 0;
    static final int STRANGER = 1;

    static DevChain chain;
    static DataRegistry registry;
    static byte[] requestId;
    static List<Entry> entries;
    static MerkleTree tree;
    static BigInteger batchId;

    static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    static List<Entry> entriesOf(byte[] request, int n, String tag) throws Exception {
        List<Entry> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Entry(request, sha256(tag + "-blob-" + i), chain.address(2 + i % 8), 1000L + 37L * i,
                    BigInteger.valueOf(100 + 3L * i)));
        }
        return list;
    }

    @BeforeAll
    static void anchorABatch(DevChain devChain) throws Exception {
        chain = devChain;
        registry = DataRegistry.deploy(chain.web3j(), chain.tx(EXCHANGE), chain.gas(), chain.address(EXCHANGE))
                .send();
        requestId = Hash.sha3("data-request-fashion-mnist-shirts".getBytes(StandardCharsets.UTF_8));
        entries = entriesOf(requestId, 16, "a");
        tree = MerkleTree.of(entries);
        TransactionReceipt r = registry.anchorBatch(requestId, tree.root(), BigInteger.valueOf(16)).send();
        List<DataRegistry.BatchAnchoredEventResponse> events = DataRegistry.getBatchAnchoredEvents(r);
        assertEquals(1, events.size());
        batchId = events.get(0).batchId;
        assertArrayEquals(requestId, events.get(0).requestId);
        assertArrayEquals(tree.root(), events.get(0).merkleRoot);
        assertEquals(BigInteger.valueOf(16), events.get(0).entryCount);
    }

    static boolean verify(BigInteger batch, Entry e, List<byte[]> proof) throws Exception {
        return registry.verifyEntry(batch, e.contentDigest(), e.contributor(), BigInteger.valueOf(e.sampleCount()),
                e.shares(), proof).send();
    }

    @Test
    void membersVerify() throws Exception {
        for (int i = 0; i < entries.size(); i++) {
            assertTrue(verify(batchId, entries.get(i), tree.proof(i)), "entry " + i);
        }
        Tuple5<byte[], byte[], BigInteger, BigInteger, BigInteger> b = registry.batch(batchId).send();
        assertArrayEquals(requestId, b.component1());
        assertArrayEquals(tree.root(), b.component2());
        assertEquals(BigInteger.valueOf(16), b.component3());
        assertEquals(batchId, registry.batchIdOfRoot(tree.root()).send());
    }

    @Test
    void nonMembersAndTamperedFieldsAreRejected() throws Exception {
        Entry e = entries.get(7);
        List<byte[]> proof = tree.proof(7);
        byte[] otherDigest = e.contentDigest();
        otherDigest[31] ^= 0x01;
        assertFalse(verify(batchId, new Entry(requestId, otherDigest, e.contributor(), e.sampleCount(), e.shares()),
                proof), "content digest changed");
        assertFalse(verify(batchId, new Entry(requestId, e.contentDigest(), chain.address(STRANGER), e.sampleCount(),
                e.shares()), proof), "contributor changed (payments hijacked)");
        assertFalse(verify(batchId, new Entry(requestId, e.contentDigest(), e.contributor(), e.sampleCount() + 1,
                e.shares()), proof), "sample count changed");
        assertFalse(verify(batchId, new Entry(requestId, e.contentDigest(), e.contributor(), e.sampleCount(),
                e.shares().multiply(BigInteger.TEN)), proof), "shares inflated");
        assertFalse(verify(batchId, e, tree.proof(8)), "someone else's proof");
        assertFalse(verify(batchId.add(BigInteger.valueOf(1000)), e, proof), "unknown batch");
        assertFalse(verify(BigInteger.ZERO, e, proof), "batch 0 does not exist");
        Entry outsider = entriesOf(requestId, 17, "a").get(16);
        for (int i = 0; i < entries.size(); i++) {
            assertFalse(verify(batchId, outsider, tree.proof(i)), "non-member with proof " + i);
        }
        // the leaf commits to the request id too: the same fields under another request are not members
        Entry otherRequest = new Entry(sha256("other request"), e.contentDigest(), e.contributor(), e.sampleCount(),
                e.shares());
        assertTrue(MerkleTree.verify(MerkleTree.of(List.of(otherRequest, e)).root(), otherRequest,
                MerkleTree.of(List.of(otherRequest, e)).proof(0)));
        assertFalse(MerkleTree.verify(tree.root(), otherRequest, proof));
    }

    @Test
    void aRootIsAnchoredOnceAndOnlyByTheOwner() throws Exception {
        assertReverts("RootAlreadyAnchored",
                () -> registry.anchorBatch(requestId, tree.root(), BigInteger.valueOf(16)).send());
        assertReverts("RootAlreadyAnchored", () -> registry.anchorBatch(sha256("another request"), tree.root(),
                BigInteger.valueOf(3)).send());
        DataRegistry asStranger = DataRegistry.load(registry.getContractAddress(), chain.web3j(), chain.tx(STRANGER),
                chain.gas());
        MerkleTree foreign = MerkleTree.of(entriesOf(requestId, 4, "stranger"));
        assertReverts("OwnableUnauthorizedAccount",
                () -> asStranger.anchorBatch(requestId, foreign.root(), BigInteger.valueOf(4)).send());
        assertEquals(BigInteger.ZERO, registry.batchIdOfRoot(foreign.root()).send());
        assertReverts("EmptyBatch", () -> registry.anchorBatch(requestId, foreign.root(), BigInteger.ZERO).send());
        assertReverts("ZeroRoot", () -> registry.anchorBatch(requestId, new byte[32], BigInteger.ONE).send());
        // the first batch is untouched by all of that
        assertArrayEquals(tree.root(), registry.batch(batchId).send().component2());
    }

    @Test
    void batchesAreAppendOnlyAndIndependent() throws Exception {
        byte[] request2 = sha256("data-request-2");
        Entry single = entriesOf(request2, 1, "single").get(0);
        MerkleTree one = MerkleTree.of(List.of(single));
        TransactionReceipt r = registry.anchorBatch(request2, one.root(), BigInteger.ONE).send();
        BigInteger second = DataRegistry.getBatchAnchoredEvents(r).get(0).batchId;
        assertTrue(second.compareTo(batchId) > 0, "ids grow");
        assertEquals(second, registry.batchCount().send());
        assertTrue(verify(second, single, List.of()), "one-entry batch: the root is the leaf, empty proof");
        assertFalse(verify(batchId, single, List.of()), "not in the first batch");
        assertFalse(verify(second, entries.get(0), tree.proof(0)), "first batch's entry not in the second");
        assertTrue(verify(batchId, entries.get(0), tree.proof(0)), "first batch still verifies");
        assertReverts("UnknownBatch", () -> registry.batch(second.add(BigInteger.ONE)).send());
    }
}
