package org.trainex.chain.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.UUID;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.computemarket.api.EscrowAccounts;
import org.trainex.shared.api.ChainKeys;
import org.trainex.shared.api.ChainUnavailableException;
import org.trainex.shared.api.WalletAddress;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * {@link EscrowAccounts} with {@code eth_call}s of {@code ComputeEscrow}'s views ({@code depositOf}, {@code stakeOf},
 * {@code order}) through the chain gateway's node connection, at the address the gateway deployed or found
 * ({@link ChainGateway#node()}, {@link ChainGateway#deployedAddress(String)}). Errors: no node, gateway off,
 * contracts not checked yet, or a failing call: {@link ChainUnavailableException}.
 */
@ApplicationScoped
public class ChainEscrowAccounts implements EscrowAccounts {
    private static final String[] STATUS = {"None", "Locked", "Verified", "Challenged", "Released", "Refunded"};

    @Inject
    ChainGateway gateway;

    private ComputeEscrow escrow() {
        Web3j web3j = gateway.node().orElseThrow(() -> new ChainUnavailableException("the chain gateway is off "
                + "(TRAINEX_CHAIN_ENABLED=false): escrow balances cannot be read", null));
        String address = gateway.deployedAddress(ContractBook.COMPUTE_ESCROW).orElseThrow(() ->
                new ChainUnavailableException("ComputeEscrow is not deployed or checked yet (the Ethereum node has "
                        + "not answered the chain gateway since start-up)", null));
        return ComputeEscrow.load(address, web3j, new ReadonlyTransactionManager(web3j, null),
                new DefaultGasProvider());
    }

    private interface Read<T> {
        T get() throws Exception;
    }

    private static <T> T read(String what, Read<T> r) {
        try {
            return r.get();
        } catch (ChainUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new ChainUnavailableException("ComputeEscrow." + what + " could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public BigInteger depositOf(WalletAddress consumer) {
        ComputeEscrow e = escrow();
        return read("depositOf", () -> e.depositOf(consumer.value()).send());
    }

    @Override
    public Stake stakeOf(WalletAddress provider) {
        ComputeEscrow e = escrow();
        var s = read("stakeOf", () -> e.stakeOf(provider.value()).send());
        return new Stake(s.component1(), s.component2());
    }

    @Override
    public OnChainOrder order(UUID orderId) {
        ComputeEscrow e = escrow();
        byte[] key = Numeric.hexStringToByteArray(ChainKeys.bytes32(orderId));
        var o = read("order", () -> e.order(key).send());
        int status = o.component3().intValueExact();
        return new OnChainOrder(o.component1(), o.component2(), status < STATUS.length ? STATUS[status]
                : "Unknown(" + status + ")");
    }

    @Override
    public boolean hasReceipt(String txHash) {
        Web3j web3j = gateway.node().orElseThrow(() -> new ChainUnavailableException("the chain gateway is off", null));
        return read("receipt", () -> web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt()
                .isPresent());
    }
}
