package org.trainex.chain.gateway;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trainex.chain.contracts.DataRegistry;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.chain.testing.DevChain;
import org.trainex.chain.testing.HardhatNode;
import org.trainex.shared.api.ChainContracts;
import org.trainex.datamarket.api.ChainRecordEvents;
import org.trainex.shared.api.ChainCommand;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.DomainEvents;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

/**
 * The gateway's exactly-once promise against a real hardhat node: a crash between broadcast and receipt, a
 * broadcast lost before it reached the node, and a node that is unreachable for a while each end in exactly one
 * transaction per request, and nothing is lost.
 */
class TransactionPipelineIT {
    static HardhatNode.Running node;
    static DevChain chain;
    static Credentials gateway;
    static final InMemoryOutbox outbox = new InMemoryOutbox();
    static final List<ChainRecordEvents.RegistryBatchAnchored> anchored = new ArrayList<>();
    static final List<UUID> minted = new ArrayList<>();
    static ContractBook book;

    static final ChainContracts contractsBook = new InMemoryContracts();

    /** A recording fake of the event publisher: the registry events the data market would consume. */
    static final DomainEvents recording = event -> {
        if (event instanceof ChainRecordEvents.RegistryBatchAnchored e) {
            anchored.add(e);
        } else if (event instanceof ChainRecordEvents.RegistrySharesMinted e) {
            minted.add(e.batchId());
        }
    };

    @BeforeAll
    static void startChain() throws Exception {
        node = HardhatNode.start();
        chain = node.chain();
        gateway = chain.account(0);
        book = new ContractBook(chain.web3j(), gateway, DevChain.CHAIN_ID, contractsBook);
        book.ensureDeployed();
    }

    @AfterAll
    static void stopChain() {
        if (node != null) {
            node.close();
        }
    }

    static TransactionPipeline pipeline(Web3j web3j) {
        return new TransactionPipeline(web3j, gateway, DevChain.CHAIN_ID, 1, outbox,
                List.of(new AnchorRegistryBatchHandler(book, recording), new MintSharesHandler(book, recording)),
                Runnable::run, Clock.systemUTC());
    }

    static UUID submitBatch(int entries) {
        UUID batch = UUID.randomUUID();
        StringBuilder json = new StringBuilder("{\"batchId\":\"" + batch + "\",\"registryId\":\"0x"
                + "00000000000000000000000000000000" + batch.toString().replace("-", "") + "\",\"entries\":[");
        for (int i = 0; i < entries; i++) {
            json.append(i == 0 ? "" : ",").append("{\"entryId\":\"").append(UUID.randomUUID())
                    .append("\",\"contentDigest\":\"0x").append(String.format("%064x", i + 1L + batch.hashCode()))
                    .append("\",\"contributor\":\"").append(chain.address(1 + i % 5)).append("\",\"sampleCount\":")
                    .append(1000 + i).append(",\"shares\":\"").append(1000 + i).append("\"}");
        }
        outbox.submitRaw(batch, ChainCommand.AnchorRegistryBatch.KIND, json.append("]}").toString());
        return batch;
    }

    static long nonce() throws Exception {
        return chain.web3j().ethGetTransactionCount(gateway.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount().longValueExact();
    }

    static ChainRecordEvents.RegistryBatchAnchored anchoredBatch(UUID id) {
        List<ChainRecordEvents.RegistryBatchAnchored> found = anchored.stream().filter(b -> b.batchId().equals(id)).toList();
        assertEquals(1, found.size(), "the data market heard of batch " + id + " " + found.size() + " times");
        return found.get(0);
    }

    static void assertProofsVerifyOnChain(UUID id) throws Exception {
        ChainOutbox.Request r = outbox.find(id).orElseThrow();
        MerkleTree tree = AnchorRegistryBatchHandler.tree((ChainCommand.AnchorRegistryBatch) r.command());
        ChainRecordEvents.RegistryBatchAnchored b = anchoredBatch(id);
        assertEquals(tree.rootHex(), b.merkleRoot());
        DataRegistry contract = DataRegistry.load(book.address(ContractBook.DATA_REGISTRY), chain.web3j(),
                chain.tx(2), chain.gas());
        for (int i = 0; i < tree.size(); i++) {
            MerkleTree.Entry e = tree.entries().get(i);
            List<byte[]> proof = b.proofs().get(i).proof().stream().map(MerkleTree::fromHex).toList();
            assertTrue(contract.verifyEntry(BigInteger.valueOf(b.chainBatchId()), e.contentDigest(), e.contributor(),
                    BigInteger.valueOf(e.sampleCount()), e.shares(), proof).send(), "entry " + i + " not verified");
            assertFalse(contract.verifyEntry(BigInteger.valueOf(b.chainBatchId()), e.contentDigest(), e.contributor(),
                    BigInteger.valueOf(e.sampleCount()), e.shares().add(BigInteger.ONE), proof).send(),
                    "a tampered share count verified");
        }
    }

    @Test
    void aCrashBetweenBroadcastAndReceiptGivesOneTransaction() throws Exception {
        long before = nonce();
        UUID id = submitBatch(5);
        pipeline(chain.web3j()).tick(); // signs, records, broadcasts; the "process" dies before reading the receipt
        ChainOutbox.Request signed = outbox.find(id).orElseThrow();
        assertEquals(ChainOutbox.State.SIGNED, signed.state());

        TransactionPipeline restarted = pipeline(chain.web3j());
        restarted.tick(); // reconciles by hash
        ChainOutbox.Request done = outbox.find(id).orElseThrow();
        assertEquals(ChainOutbox.State.CONFIRMED, done.state(), done.toString());
        assertEquals(signed.txHash(), done.txHash());
        restarted.tick();
        assertEquals(before + 1, nonce(), "exactly one transaction from the gateway account");
        assertProofsVerifyOnChain(id);
    }

    @Test
    void aBroadcastLostBeforeTheNodeSawItIsSentAgainAsTheSameTransaction() throws Exception {
        long before = nonce();
        UUID id = submitBatch(3);
        DevChain.GenericResponse r = rpc("evm_setAutomine", false);
        assertNull(r.getError());
        pipeline(chain.web3j()).tick();
        ChainOutbox.Request signed = outbox.find(id).orElseThrow();
        assertEquals(ChainOutbox.State.SIGNED, signed.state());
        assertNull(rpc("hardhat_dropTransaction", signed.txHash()).getError()); // the broadcast never arrived
        assertTrue(chain.web3j().ethGetTransactionByHash(signed.txHash()).send().getTransaction().isEmpty());
        assertNull(rpc("evm_setAutomine", true).getError());

        TransactionPipeline restarted = pipeline(chain.web3j());
        restarted.tick(); // not known to the node, nonce unused: the stored raw transaction goes out again
        restarted.tick(); // receipt
        ChainOutbox.Request done = outbox.find(id).orElseThrow();
        assertEquals(ChainOutbox.State.CONFIRMED, done.state(), done.toString());
        assertEquals(signed.txHash(), done.txHash(), "the re-sent transaction is the same transaction");
        assertEquals(before + 1, nonce());
        assertProofsVerifyOnChain(id);
    }

    @Test
    void requestsWaitWhileTheNodeIsUnreachableAndThenGoThrough() throws Exception {
        long before = nonce();
        try (TcpCut cut = new TcpCut(node.port())) {
            Web3j viaCut = Web3j.build(new HttpService("http://127.0.0.1:" + cut.port()));
            TransactionPipeline p = pipeline(viaCut);
            cut.cut();
            UUID first = submitBatch(2);
            UUID second = submitBatch(4);
            for (int i = 0; i < 3; i++) {
                assertFalse(p.tick(), "the node is unreachable");
            }
            assertEquals(ChainOutbox.State.PENDING, outbox.find(first).orElseThrow().state());
            assertEquals(ChainOutbox.State.PENDING, outbox.find(second).orElseThrow().state());
            assertEquals(before, nonce());

            cut.restore();
            assertTrue(p.tick());
            assertTrue(p.tick());
            assertEquals(ChainOutbox.State.CONFIRMED, outbox.find(first).orElseThrow().state());
            assertEquals(ChainOutbox.State.CONFIRMED, outbox.find(second).orElseThrow().state());
            assertEquals(before + 2, nonce(), "one transaction per request");
            assertNotEquals(outbox.find(first).orElseThrow().nonce(), outbox.find(second).orElseThrow().nonce());
            assertProofsVerifyOnChain(first);
            assertProofsVerifyOnChain(second);
            viaCut.shutdown();
        }
    }

    @Test
    void contributorSharesAreMintedOnTheShareToken() throws Exception {
        UUID batch = UUID.randomUUID();
        String registryId = "0x00000000000000000000000000000000" + batch.toString().replace("-", "");
        outbox.submitRaw(UUID.randomUUID(), ChainCommand.MintRegistryShares.KIND, "{\"batchId\":\"" + batch + "\",\"registryId\":\""
                + registryId + "\",\"contributors\":[\"" + chain.address(3) + "\",\"" + chain.address(4) + "\",\""
                + chain.address(3) + "\"],\"amounts\":[\"700\",\"1300\",\"5\"]}");
        TransactionPipeline p = pipeline(chain.web3j());
        p.tick();
        p.tick();
        assertTrue(minted.contains(batch), "the data market heard of the mint");
        org.trainex.chain.contracts.ShareToken shares = org.trainex.chain.contracts.ShareToken.load(
                book.address(ContractBook.SHARE_TOKEN), chain.web3j(), chain.tx(2), chain.gas());
        BigInteger id = new BigInteger(1, MerkleTree.fromHex(registryId));
        assertEquals(BigInteger.valueOf(705), shares.balanceOf(chain.address(3), id).send());
        assertEquals(BigInteger.valueOf(1300), shares.balanceOf(chain.address(4), id).send());
    }

    @Test
    void aMalformedRequestFailsWithoutATransaction() throws Exception {
        long before = nonce();
        UUID id = UUID.randomUUID();
        outbox.submitRaw(id, ChainCommand.AnchorRegistryBatch.KIND, "{\"batchId\":\"" + id + "\",\"registryId\":\"0x12\","
                + "\"entries\":[]}");
        pipeline(chain.web3j()).tick();
        ChainOutbox.Request r = outbox.find(id).orElseThrow();
        assertEquals(ChainOutbox.State.FAILED, r.state());
        assertTrue(r.lastError().contains("malformed"), r.lastError());
        assertEquals(before, nonce());
    }

    /** A hardhat-specific JSON-RPC call. */
    static DevChain.GenericResponse rpc(String method, Object... params) throws Exception {
        return new org.web3j.protocol.core.Request<>(method, List.of(params), new HttpService(chain.url()),
                DevChain.GenericResponse.class).send();
    }
}
