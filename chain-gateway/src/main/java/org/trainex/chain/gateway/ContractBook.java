package org.trainex.chain.gateway;

import java.io.IOException;
import java.math.BigInteger;
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
import org.web3j.tx.Contract;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Trainex's contracts on the configured chain: deployed at start-up when the address book has none for this
 * chain (or the recorded address holds no code any more, as after a dev chain restart), and recorded in
 * {@link ChainContracts}. The gateway account owns them all. Escrow parameters: {@code TRAINEX_CHALLENGE_PERIOD_SECONDS}
 * (default 600), {@code TRAINEX_UNSTAKE_DELAY_SECONDS} (default 604800), {@code TRAINEX_CHALLENGE_BOND_WEI}
 * (default 10^16).
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
        String token = ensure(CURATOR_TOKEN, (tm, gas) -> CuratorToken.deploy(web3j, tm, gas, owner));
        ensure(CURATION_VOTING, (tm, gas) -> CurationVoting.deploy(web3j, tm, gas, token, owner));
        ensure(DATA_REGISTRY, (tm, gas) -> DataRegistry.deploy(web3j, tm, gas, owner));
        String shares = ensure(SHARE_TOKEN, (tm, gas) -> ShareToken.deploy(web3j, tm, gas,
                "trainex://registry/{id}", owner));
        ensure(COMPUTE_ESCROW, (tm, gas) -> ComputeEscrow.deploy(web3j, tm, gas, shares,
                BigInteger.valueOf(Settings.getLong("challenge.period.seconds", 600)),
                BigInteger.valueOf(Settings.getLong("unstake.delay.seconds", 604_800)),
                new BigInteger(Settings.get("challenge.bond.wei", "10000000000000000")), owner));
        ensure(IDENTITY_REGISTRY, (tm, gas) -> IdentityRegistry.deploy(web3j, tm, gas));
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

    private String ensure(String name, Deployment deployment) throws IOException {
        Optional<ChainContracts.Deployed> known = book.find(chainId, name);
        if (known.isPresent() && hasCode(known.get().address())) {
            addresses.put(name, known.get().address());
            return known.get().address();
        }
        if (known.isPresent()) {
            LOG.warning(() -> name + " recorded at " + known.get().address() + " has no code on chain " + chainId
                    + " (a restarted dev chain?): deploying it again; anchors on the old chain are gone");
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
                + receipt.getTransactionHash() + ", gas " + receipt.getGasUsed() + ")");
        return address;
    }

    private boolean hasCode(String address) throws IOException {
        String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
        return code != null && code.length() > 2;
    }
}
