package org.trainex.chain.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.trainex.chain.contracts.CuratorToken;
import org.trainex.datamarket.api.CuratorVotingPower;
import org.trainex.shared.api.ChainUnavailableException;
import org.trainex.shared.api.WalletAddress;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.EthCall;

/**
 * {@link CuratorVotingPower} on the CuratorToken's ERC20Votes checkpoints (ERC-5805), read with {@code eth_call}
 * through the chain gateway's node connection and at the token address the gateway deployed or found
 * ({@link ChainGateway#node()}, {@link ChainGateway#deployedAddress(String)}). The one bean implementing the port:
 * domain beans in other modules of the EAR {@code @Inject CuratorVotingPower}. Source: DataBright, seed 000, Section 2
 * (curators' tokens weight their votes); a weight is the power at a fixed snapshot block, so tokens moved after the
 * snapshot cannot vote twice.
 *
 * <p>Exactness. Every read is pinned to one block number with the call's block parameter, never "latest", so a block
 * mined during a read changes nothing:
 * <ul>
 *   <li>a past block {@code b < latest}: {@code getPastVotes(holder, b)} / {@code getPastTotalSupply(b)}, executed on
 *       the state of the latest block {@code n} (inside that call the token's {@code clock()} is at least {@code n >
 *       b}, so the lookup is allowed);</li>
 *   <li>the latest block {@code n}: {@code getVotes(holder)} / {@code totalSupply()} on the state at the end of block
 *       {@code n}. This does not depend on what {@code block.number} (the token's clock) an {@code eth_call} sees:
 *       hardhat 2.29 runs a call on block {@code n} (tag "latest" or the number) with {@code block.number == n}, so
 *       {@code getPastVotes(holder, n)} would revert {@code ERC5805FutureLookup} there; a node that runs calls in a
 *       pending-block context ({@code n + 1}) would allow it and give the same value as {@code getVotes} on the state
 *       of {@code n}. {@code CurationDividendPipelineIT} checks hardhat's clock and that a value read at the latest
 *       block equals the value read for the same block once it is in the past.</li>
 * </ul>
 *
 * <p>Errors: a node that does not answer or answers with an error, a gateway that is off ({@code
 * TRAINEX_CHAIN_ENABLED=false}), contracts not deployed yet, or no contract code at the recorded address: {@link
 * ChainUnavailableException} (nothing read, the caller may retry). A block beyond the latest (or negative): {@link
 * IllegalArgumentException}. Units: block numbers; votes and supply in CuratorToken base units (18 decimals).
 */
@ApplicationScoped
public class ChainVotingPower implements CuratorVotingPower {
    /** Where the reads go: the node, and the CuratorToken's address on it. */
    public interface TokenAccess {
        /** @throws ChainUnavailableException if there is no node connection (the gateway is off) */
        Web3j web3j();

        /** @throws ChainUnavailableException if the contracts are not deployed (or checked) yet */
        String curatorToken();
    }

    @Inject
    ChainGateway gateway;
    private TokenAccess access;

    /** For CDI: reads through the {@link ChainGateway}. */
    public ChainVotingPower() {
    }

    /** Reads through {@code access} (tests, tools). */
    public ChainVotingPower(TokenAccess access) {
        this.access = Objects.requireNonNull(access, "access");
    }

    @Override
    public long latestBlock() {
        TokenAccess a = access();
        a.curatorToken(); // the port promises an error when the contracts are not deployed
        return latest(a.web3j());
    }

    @Override
    public BigInteger votesAt(WalletAddress holder, long blockNumber) {
        Objects.requireNonNull(holder, "holder");
        TokenAccess a = access();
        String token = a.curatorToken();
        Web3j web3j = a.web3j();
        long latest = checkBlock(web3j, blockNumber);
        Function f = blockNumber == latest
                ? function(CuratorToken.FUNC_GETVOTES, new Address(holder.value()))
                : function(CuratorToken.FUNC_GETPASTVOTES, new Address(holder.value()),
                        new Uint256(BigInteger.valueOf(blockNumber)));
        return call(web3j, token, f, latest);
    }

    @Override
    public BigInteger totalSupplyAt(long blockNumber) {
        TokenAccess a = access();
        String token = a.curatorToken();
        Web3j web3j = a.web3j();
        long latest = checkBlock(web3j, blockNumber);
        Function f = blockNumber == latest
                ? function(CuratorToken.FUNC_TOTALSUPPLY)
                : function(CuratorToken.FUNC_GETPASTTOTALSUPPLY, new Uint256(BigInteger.valueOf(blockNumber)));
        return call(web3j, token, f, latest);
    }

    private TokenAccess access() {
        if (access != null) {
            return access;
        }
        ChainGateway g = Objects.requireNonNull(gateway, "no ChainGateway injected");
        return new TokenAccess() {
            @Override
            public Web3j web3j() {
                return g.node().orElseThrow(() -> new ChainUnavailableException("the chain gateway is off "
                        + "(TRAINEX_CHAIN_ENABLED=false): curator voting power cannot be read", null));
            }

            @Override
            public String curatorToken() {
                web3j(); // off beats not deployed
                return g.deployedAddress(ContractBook.CURATOR_TOKEN).orElseThrow(() -> new ChainUnavailableException(
                        "the CuratorToken is not deployed or checked yet (the Ethereum node has not answered the "
                                + "chain gateway since start-up)", null));
            }
        };
    }

    /** @return the latest block number, at least {@code blockNumber} */
    private static long checkBlock(Web3j web3j, long blockNumber) {
        if (blockNumber < 0) {
            throw new IllegalArgumentException("block number must not be negative: " + blockNumber);
        }
        long latest = latest(web3j);
        if (blockNumber > latest) {
            throw new IllegalArgumentException("block " + blockNumber + " lies beyond the latest block " + latest);
        }
        return latest;
    }

    private static long latest(Web3j web3j) {
        EthBlockNumber r = send(() -> web3j.ethBlockNumber().send(), "eth_blockNumber");
        return r.getBlockNumber().longValueExact();
    }

    private static Function function(String name, Type<?>... inputs) {
        return new Function(name, List.of(inputs), List.of(new TypeReference<Uint256>() { }));
    }

    /** {@code eth_call} of {@code f} on {@code token} at block {@code block}; decodes one uint256. */
    private static BigInteger call(Web3j web3j, String token, Function f, long block) {
        String what = "CuratorToken." + f.getName() + " at block " + block;
        EthCall r = send(() -> web3j.ethCall(Transaction.createEthCallTransaction(null, token,
                FunctionEncoder.encode(f)), DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).send(), what);
        String value = r.getValue();
        if (value == null || value.length() <= 2) {
            throw new ChainUnavailableException(what + " returned nothing: no CuratorToken code at " + token
                    + " (the contracts are not deployed on this chain?)", null);
        }
        List<Type> out = FunctionReturnDecoder.decode(value, f.getOutputParameters());
        if (out.isEmpty()) {
            throw new ChainUnavailableException(what + " returned malformed data: " + value, null);
        }
        return (BigInteger) out.get(0).getValue();
    }

    private interface Rpc<T extends Response<?>> {
        T send() throws IOException;
    }

    private static <T extends Response<?>> T send(Rpc<T> rpc, String what) {
        T response;
        try {
            response = rpc.send();
        } catch (IOException | RuntimeException e) {
            throw new ChainUnavailableException("the Ethereum node does not answer " + what + ": " + e.getMessage(),
                    e);
        }
        if (response.hasError()) {
            throw new ChainUnavailableException("the Ethereum node refused " + what + ": "
                    + response.getError().getMessage(), null);
        }
        return response;
    }
}
