package org.trainex.chain.gateway;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.logging.Logger;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.chain.contracts.CurationVoting;
import org.trainex.chain.contracts.CuratorToken;
import org.trainex.chain.contracts.DataRegistry;
import org.trainex.chain.contracts.IdentityRegistry;
import org.trainex.chain.contracts.ShareToken;
import org.trainex.shared.api.ChainContracts;
import org.trainex.shared.api.Settings;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.tx.Contract;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Trainex's contracts on the configured chain, recorded in {@link ChainContracts} (name, address, deployment
 * transaction). The gateway account owns them all. At start-up ({@link #ensureDeployed()}) each contract is
 * deployed unless its recorded deployment is still current:
 * <ul>
 *   <li>the recorded address holds code (not the case after a dev chain restart), and</li>
 *   <li>the recorded deployment transaction is on this chain and its input starts with the creation bytecode
 *       compiled into this build (the deployment input is that bytecode followed by the ABI-encoded constructor
 *       arguments; Solidity's bytecode ends with a hash of the contract's metadata, so any change to a contract's
 *       source changes it), and</li>
 *   <li>no contract it was deployed against (CurationVoting: the CuratorToken) was deployed again in this run.</li>
 * </ul>
 * A contract that is not current is deployed again and recorded (the new record replaces the old one); whatever the
 * old instance held (anchors, locks, credits, stakes) stays at the old address. That happens on the dev chain
 * (chain id {@value ChainSettings#DEV_CHAIN_ID}) only: on any other chain a recorded contract whose code or
 * deployment transaction does not match is kept, with a warning, because a silent redeployment would strand the
 * value held by the old one (an operator removes the record to redeploy on purpose). A constructor argument that
 * changed (the escrow parameters below) does not count as a change: those are set at deployment only. Escrow
 * parameters: {@code TRAINEX_CHALLENGE_PERIOD_SECONDS} (default 600), {@code TRAINEX_UNSTAKE_DELAY_SECONDS}
 * (default 604800), {@code TRAINEX_CHALLENGE_BOND_WEI} (default 10^16).
 */
public class ContractBook {
    private static final Logger LOG = Logger.getLogger(ContractBook.class.getName());
    /** Contract names, in deployment order. */
    public static final String CURATOR_TOKEN = "CuratorToken";
    public static final String CURATION_VOTING = "CurationVoting";
    public static final String DATA_REGISTRY = "DataRegistry";
    public static final String SHARE_TOKEN = "ShareToken";
    public static final String COMPUTE_ESCROW = "ComputeEscrow";
    public static final String IDENTITY_REGISTRY = "IdentityRegistry";

    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final ChainContracts book;
    private final Map<String, String> addresses = new ConcurrentHashMap<>(); // read by other threads (ChainVotingPower)

    public ContractBook(Web3j web3j, Credentials credentials, long chainId, ChainContracts book) {
        this.web3j = web3j;
        this.credentials = credentials;
        this.chainId = chainId;
        this.book = book;
    }

    /**
     * Makes sure every contract is deployed and recorded.
     *
     * @throws IOException if the node cannot be reached (call again later)
     */
    public void ensureDeployed() throws IOException {
        String owner = credentials.getAddress();
        Ensured token = ensure(CURATOR_TOKEN, CuratorToken.BINARY, false,
                (tm, gas) -> CuratorToken.deploy(web3j, tm, gas, owner));
        ensure(CURATION_VOTING, CurationVoting.BINARY, token.deployedNow(),
                (tm, gas) -> CurationVoting.deploy(web3j, tm, gas, token.address(), owner));
        ensure(DATA_REGISTRY, DataRegistry.BINARY, false, (tm, gas) -> DataRegistry.deploy(web3j, tm, gas, owner));
        ensure(SHARE_TOKEN, ShareToken.BINARY, false, (tm, gas) -> ShareToken.deploy(web3j, tm, gas,
                "trainex://registry/{id}", owner));
        ensure(COMPUTE_ESCROW, ComputeEscrow.BINARY, false, (tm, gas) -> ComputeEscrow.deploy(web3j, tm, gas,
                BigInteger.valueOf(Settings.getLong("challenge.period.seconds", 600)),
                BigInteger.valueOf(Settings.getLong("unstake.delay.seconds", 604_800)),
                new BigInteger(Settings.get("challenge.bond.wei", "10000000000000000")), owner));
        ensure(IDENTITY_REGISTRY, IdentityRegistry.BINARY, false,
                (tm, gas) -> IdentityRegistry.deploy(web3j, tm, gas));
    }

    /** The address of a deployed contract. @throws IllegalStateException before {@link #ensureDeployed()} */
    public String address(String name) {
        String a = addresses.get(name);
        if (a == null) {
            throw new IllegalStateException(name + " is not deployed yet");
        }
        return a;
    }

    /** Whether {@link #ensureDeployed()} has completed. Thread-safe, as {@link #address(String)}. */
    public boolean ready() {
        return addresses.size() == 6;
    }

    private interface Deployment {
        RemoteCall<? extends Contract> deploy(TransactionManager tm, ContractGasProvider gas);
    }

    /** A contract's address, and whether this run deployed it. */
    private record Ensured(String address, boolean deployedNow) {
    }

    /**
     * Finds {@code name} in the book and checks it (class comment), or deploys it.
     *
     * @param binary           the creation bytecode compiled into this build (hex, no {@code 0x})
     * @param dependencyNew    whether a contract passed to its constructor was deployed in this run
     */
    private Ensured ensure(String name, String binary, boolean dependencyNew, Deployment deployment)
            throws IOException {
        Optional<ChainContracts.Deployed> known = book.find(chainId, name);
        if (known.isPresent()) {
            ChainContracts.Deployed d = known.get();
            Optional<String> stale = staleness(d, binary, dependencyNew);
            if (stale.isEmpty()) {
                addresses.put(name, d.address());
                return new Ensured(d.address(), false);
            }
            if (chainId != ChainSettings.DEV_CHAIN_ID && hasCode(d.address())) {
                LOG.severe(() -> name + " recorded at " + d.address() + " on chain " + chainId + " is not current ("
                        + stale.get() + "), but this is not the dev chain: keeping it; remove its record to deploy "
                        + "this build's " + name + " (value held by the old one stays there)");
                addresses.put(name, d.address());
                return new Ensured(d.address(), false);
            }
            LOG.warning(() -> name + " recorded at " + d.address() + " on chain " + chainId + " is not current ("
                    + stale.get() + "): deploying it again; what the old one held stays at the old address");
        }
        TransactionManager tm = new RawTransactionManager(web3j, credentials, chainId,
                new PollingTransactionReceiptProcessor(web3j, 100, 1200));
        BigInteger base = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock()
                .getBaseFeePerGas();
        BigInteger priority = web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
        ContractGasProvider gas = new StaticEIP1559GasProvider(chainId, base.multiply(BigInteger.TWO).add(priority),
                priority, BigInteger.valueOf(6_000_000));
        Contract c;
        try {
            c = deployment.deploy(tm, gas).send();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("deployment of " + name + " failed: " + e.getMessage(), e);
        }
        var receipt = c.getTransactionReceipt().orElseThrow();
        String address = org.web3j.crypto.Keys.toChecksumAddress(c.getContractAddress());
        book.record(new ChainContracts.Deployed(chainId, name, address, receipt.getTransactionHash(),
                receipt.getBlockNumber().longValueExact()));
        addresses.put(name, address);
        LOG.info(() -> "deployed " + name + " at " + address + " on chain " + chainId + " (tx "
                + receipt.getTransactionHash() + ", gas " + receipt.getGasUsed() + ", creation code SHA-256 "
                + sha256(binary) + ")");
        return new Ensured(address, true);
    }

    /**
     * Why a recorded deployment is not current (class comment), or empty if it is.
     *
     * @param binary creation bytecode of this build, hex without {@code 0x}
     */
    private Optional<String> staleness(ChainContracts.Deployed d, String binary, boolean dependencyNew)
            throws IOException {
        if (!hasCode(d.address())) {
            return Optional.of("no code at the address: a restarted dev chain?");
        }
        Optional<Transaction> tx = web3j.ethGetTransactionByHash(d.txHash()).send().getTransaction();
        if (tx.isEmpty()) {
            return Optional.of("its deployment transaction " + d.txHash() + " is not on this chain");
        }
        String input = Numeric.cleanHexPrefix(tx.get().getInput() == null ? "" : tx.get().getInput());
        String code = Numeric.cleanHexPrefix(binary);
        if (!input.regionMatches(true, 0, code, 0, code.length())) {
            return Optional.of("its compiled bytecode changed: this build's creation code has SHA-256 "
                    + sha256(code) + ", the recorded deployment's input does not start with it");
        }
        if (dependencyNew) {
            return Optional.of("a contract it was deployed against was deployed again");
        }
        return Optional.empty();
    }

    /** SHA-256 of hex-encoded bytes, as hex (for logs). */
    static String sha256(String hex) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Numeric.hexStringToByteArray(hex)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    private boolean hasCode(String address) throws IOException {
        String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
        return code != null && code.length() > 2;
    }
}
