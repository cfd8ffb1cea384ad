package org.trainex.chain.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Async;

/**
 * web3j access to a hardhat dev chain (chainId 31337) with hardhat's 10 default dev accounts.
 *
 * <p><b>The keys below are hardhat's PUBLIC test keys</b> (derived from the mnemonic "test test test ... junk", printed
 * by every {@code hardhat node}). Anyone can spend what they hold on any chain: use them on local dev chains only,
 * never for real funds. Each account starts with 10,000 ETH.
 *
 * <p>Transactions are signed locally ({@link RawTransactionManager} with chainId 31337, legacy transactions at
 * {@link #GAS_PRICE} wei per gas, gas limit {@link #GAS_LIMIT}) and their receipts polled every 100 ms.
 */
public final class DevChain implements AutoCloseable {
    public static final long CHAIN_ID = 31337;
    /** 2 gwei, above hardhat's base fee (1 gwei at block 0, falling on empty blocks). */
    public static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);
    /** Gas limit of every transaction (hardhat's block gas limit is 30,000,000 or more). */
    public static final BigInteger GAS_LIMIT = BigInteger.valueOf(12_000_000L);

    /** Hardhat's well-known public dev keys, accounts #0 to #9. TEST ONLY. */
    public static final List<String> DEV_KEYS = List.of(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
            "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
            "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
            "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
            "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
            "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
            "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

    private final Web3j web3j;
    private final HttpService service;
    private final String url;

    public DevChain(String url) {
        this.url = url;
        this.service = new HttpService(url);
        this.web3j = Web3j.build(service, 100, Async.defaultExecutorService());
    }

    public Web3j web3j() {
        return web3j;
    }

    public String url() {
        return url;
    }

    /** Credentials of dev account {@code i} (0..9). */
    public Credentials account(int i) {
        return Credentials.create(DEV_KEYS.get(i));
    }

    /** Address of dev account {@code i}. */
    public String address(int i) {
        return account(i).getAddress();
    }

    /** A transaction manager that signs as dev account {@code i}. */
    public TransactionManager tx(int i) {
        return new RawTransactionManager(web3j, account(i), CHAIN_ID,
                new PollingTransactionReceiptProcessor(web3j, 100, 600));
    }

    public ContractGasProvider gas() {
        return new StaticGasProvider(GAS_PRICE, GAS_LIMIT);
    }

    /** Balance in wei. */
    public BigInteger balance(String address) {
        return send(web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST)).getBalance();
    }

    /** Number of the latest block. */
    public long blockNumber() {
        return send(web3j.ethBlockNumber()).getBlockNumber().longValueExact();
    }

    /** Timestamp (unix seconds) of the latest block. */
    public long latestTimestamp() {
        EthBlock b = send(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false));
        return b.getBlock().getTimestamp().longValueExact();
    }

    /** Wei paid for gas by a transaction: gasUsed x effectiveGasPrice. */
    public static BigInteger fee(TransactionReceipt r) {
        return r.getGasUsed().multiply(new BigInteger(r.getEffectiveGasPrice().substring(2), 16));
    }

    /** Moves the chain's clock forward by {@code seconds} and mines a block ({@code evm_increaseTime} + {@code evm_mine}). */
    public void increaseTime(long seconds) {
        send(new Request<>("evm_increaseTime", List.of(seconds), service, GenericResponse.class));
        mine();
    }

    /** Mines one empty block. */
    public void mine() {
        send(new Request<>("evm_mine", List.of(), service, GenericResponse.class));
    }

    /** The JSON-RPC response of a hardhat-specific method (value ignored). */
    public static final class GenericResponse extends Response<Object> {
    }

    private static <T extends Response<?>> T send(Request<?, T> request) {
        try {
            T response = request.send();
            if (response.hasError()) {
                throw new IllegalStateException(request.getMethod() + ": " + response.getError().getMessage());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(request.getMethod() + " failed", e);
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
