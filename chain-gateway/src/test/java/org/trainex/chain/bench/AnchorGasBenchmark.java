package org.trainex.chain.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.trainex.chain.bench.contracts.NaiveRegistry;
import org.trainex.chain.contracts.DataRegistry;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.chain.merkle.MerkleTree.Entry;
import org.trainex.chain.testing.DevChain;
import org.trainex.chain.testing.HardhatNode;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Gas per anchored registry entry: {@code DataRegistry.anchorBatch} (one Merkle root per batch) at batch sizes 1, 16
 * and 256, against {@code NaiveRegistry.register} (every entry's fields stored, one transaction per entry), on a real
 * hardhat node it starts itself. Gas figures are {@code gasUsed} from the receipts (21,000 intrinsic gas included).
 * Also reports what checking one entry on chain costs ({@code verifyEntry}, {@code eth_estimateGas}).
 *
 * <p>Run by {@code bench/anchor-gas.sh}. Exits 1 if the batched cost at 256 exceeds {@link #TARGET_AT_256} gas per
 * entry.
 */
public final class AnchorGasBenchmark {
    static final int[] SIZES = {1, 16, 256};
    static final int REPEATS = 3;
    static final long TARGET_AT_256 = 5_000;

    record Row(int size, long batchGasPerTx, double batchedPerEntry, long naiveTotal, double naivePerEntry,
            long verifyGas, int proofLength) {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        try (HardhatNode.Running node = HardhatNode.start()) {
            DevChain chain = node.chain();
            System.out.printf("hardhat node %s (pid %d), chainId %d%n", node.url(), node.pid(), DevChain.CHAIN_ID);
            DataRegistry registry = DataRegistry.deploy(chain.web3j(), chain.tx(0), chain.gas(), chain.address(0))
                    .send();
            NaiveRegistry naive = NaiveRegistry.deploy(chain.web3j(), chain.tx(0), chain.gas()).send();

            // warm-up: the first write to each contract's counters costs a zero-to-nonzero SSTORE that later ones don't
            long firstAnchor = anchor(registry, entries(chain, 1, "warm-up", 1)).getGasUsed().longValueExact();
            long firstNaive = register(naive, entries(chain, 1, "warm-up-naive", 1).get(0)).getGasUsed()
                    .longValueExact();

            List<Row> rows = new ArrayList<>();
            for (int n : SIZES) {
                long batchGas = 0;
                long verifyGas = 0;
                int proofLength = 0;
                for (int rep = 0; rep < REPEATS; rep++) {
                    List<Entry> es = entries(chain, n, "batch-" + n + "-" + rep, n * 31L + rep);
                    MerkleTree tree = MerkleTree.of(es);
                    TransactionReceipt r = anchor(registry, es);
                    batchGas += r.getGasUsed().longValueExact();
                    BigInteger batchId = DataRegistry.getBatchAnchoredEvents(r).get(0).batchId;
                    int deepest = deepestEntry(tree);
                    proofLength = Math.max(proofLength, tree.proof(deepest).size());
                    verifyGas = Math.max(verifyGas, estimateVerify(chain, registry, batchId, es.get(deepest),
                            tree.proof(deepest)));
                }
                long naiveTotal = 0;
                for (Entry e : entries(chain, n, "naive-" + n, n * 17L)) {
                    naiveTotal += register(naive, e).getGasUsed().longValueExact();
                }
                long perTx = Math.round(batchGas / (double) REPEATS);
                rows.add(new Row(n, perTx, perTx / (double) n, naiveTotal, naiveTotal / (double) n, verifyGas,
                        proofLength));
            }

            System.out.println();
            System.out.println("| batch size | anchorBatch gas per tx | batched gas per entry | naive gas for the"
                    + " batch (1 tx per entry) | naive gas per entry | naive / batched | verifyEntry gas (proof length) |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
            for (Row r : rows) {
                System.out.printf(Locale.ROOT, "| %d | %,d | %,.1f | %,d | %,.0f | %,.2fx | %,d (%d) |%n", r.size,
                        r.batchGasPerTx, r.batchedPerEntry, r.naiveTotal, r.naivePerEntry,
                        r.naivePerEntry / r.batchedPerEntry, r.verifyGas, r.proofLength);
            }
            System.out.printf(Locale.ROOT, "%nfirst-ever anchorBatch on a fresh DataRegistry: %,d gas; first-ever"
                    + " NaiveRegistry.register: %,d gas (zero-to-nonzero counters, excluded above)%n", firstAnchor,
                    firstNaive);
            Row at256 = rows.get(rows.size() - 1);
            boolean ok = at256.batchedPerEntry <= TARGET_AT_256;
            System.out.printf(Locale.ROOT, "target: <= %,d gas per entry at batch 256: %s (%,.1f)%n", TARGET_AT_256,
                    ok ? "MET" : "MISSED", at256.batchedPerEntry);
            System.out.printf(Locale.ROOT, "benchmark took %.1f s%n", (System.nanoTime() - t0) / 1e9);
            if (!ok) {
                System.exit(1);
            }
        }
    }

    static TransactionReceipt anchor(DataRegistry registry, List<Entry> es) throws Exception {
        MerkleTree tree = MerkleTree.of(es);
        return registry.anchorBatch(es.get(0).requestId(), tree.root(), BigInteger.valueOf(es.size())).send();
    }

    static TransactionReceipt register(NaiveRegistry naive, Entry e) throws Exception {
        return naive.register(e.requestId(), e.contentDigest(), e.contributor(), BigInteger.valueOf(e.sampleCount()),
                e.shares()).send();
    }

    /** The entry with the longest proof. */
    static int deepestEntry(MerkleTree tree) {
        int best = 0;
        for (int i = 0; i < tree.size(); i++) {
            if (tree.proof(i).size() > tree.proof(best).size()) {
                best = i;
            }
        }
        return best;
    }

    static long estimateVerify(DevChain chain, DataRegistry registry, BigInteger batchId, Entry e, List<byte[]> proof)
            throws Exception {
        Function f = new Function("verifyEntry", List.of(new Uint256(batchId), new Bytes32(e.contentDigest()),
                new Address(e.contributor()), new Uint64(BigInteger.valueOf(e.sampleCount())), new Uint256(e.shares()),
                new DynamicArray<>(Bytes32.class, proof.stream().map(Bytes32::new).toList())),
                List.of(new TypeReference<Bool>() {
                }));
        Transaction call = Transaction.createEthCallTransaction(chain.address(0), registry.getContractAddress(),
                FunctionEncoder.encode(f));
        var estimate = chain.web3j().ethEstimateGas(call).send();
        if (estimate.hasError()) {
            throw new IllegalStateException("eth_estimateGas: " + estimate.getError().getMessage());
        }
        return estimate.getAmountUsed().longValueExact();
    }

    /** {@code n} distinct entries of one data request, contributors spread over the dev accounts. */
    static List<Entry> entries(DevChain chain, int n, String tag, long seed) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] requestId = sha.digest(("request-" + tag).getBytes(StandardCharsets.UTF_8));
        List<Entry> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] digest = sha.digest((tag + "/blob/" + i).getBytes(StandardCharsets.UTF_8));
            list.add(new Entry(requestId, digest, chain.address(1 + i % 9), 1_000 + (seed + i) % 50_000,
                    BigInteger.valueOf(1 + (seed * 7 + i) % 1_000)));
        }
        return list;
    }

    private AnchorGasBenchmark() {
    }
}
