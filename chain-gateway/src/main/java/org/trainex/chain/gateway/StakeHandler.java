package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.computemarket.api.EscrowChain;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Stakes for a provider ({@value EscrowChain#STAKE_KIND}) with {@code ComputeEscrow.stakeFor(provider)}, sending
 * {@code value} wei from the gateway account on the provider's behalf (the exchange as its custodian); the stake is
 * the provider's on chain ({@code stakeOf(provider)}), slashable on proven fraud (DKLabs, seed 002, Section 7.2
 * item 3: compute is allocated by "the amount staked and can be reduced if the node misbehaves").
 *
 * <p>Payload: {@code {"stakeId": uuid, "provider": address, "value": "decimal wei"}}; a missing or malformed field,
 * the zero address or a value of 0 fails the request before anything is sent ({@link IllegalArgumentException}).
 * On confirmation it requires the {@code Staked(provider, value, activeStake)} event (else
 * {@link IllegalStateException}) and calls {@link EscrowChain#stakeConfirmed(UUID, String, long)}; the outbox row
 * records the provider's active stake after it (wei).
 */
public class StakeHandler implements RequestHandler {
    private final ContractBook contracts;
    private final EscrowChain escrow;

    public StakeHandler(ContractBook contracts, EscrowChain escrow) {
        this.contracts = contracts;
        this.escrow = escrow;
    }

    @Override
    public String kind() {
        return EscrowChain.STAKE_KIND;
    }

    /** A stake, checked. Value in wei. */
    record Stake(UUID stakeId, String provider, BigInteger value) {
        static Stake of(ChainOutbox.Request request) {
            JsonNode p = Payloads.parse(request.payload());
            UUID stakeId = Payloads.uuid(p, "stakeId");
            String provider = Payloads.address(p, "provider");
            if (new BigInteger(provider.substring(2), 16).signum() == 0) {
                throw new IllegalArgumentException("\"provider\" is the zero address");
            }
            BigInteger value = Payloads.uint256(p, "value");
            if (value.signum() == 0) {
                throw new IllegalArgumentException("a stake of 0 wei stakes nothing");
            }
            return new Stake(stakeId, provider, value);
        }
    }

    @Override
    public Call encode(ChainOutbox.Request request) {
        Stake s = Stake.of(request);
        Function f = new Function(ComputeEscrow.FUNC_STAKEFOR, List.of(new Address(s.provider())), List.of());
        return new Call(contracts.address(ContractBook.COMPUTE_ESCROW), s.value(), FunctionEncoder.encode(f));
    }

    @Override
    public String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt) {
        Stake s = Stake.of(request);
        String address = contracts.address(ContractBook.COMPUTE_ESCROW);
        Optional<ComputeEscrow.StakedEventResponse> staked = ComputeEscrow.getStakedEvents(receipt).stream()
                .filter(e -> Payloads.emittedBy(e.log, address) && s.provider().equalsIgnoreCase(e.provider)
                        && s.value().equals(e.amount))
                .findFirst();
        if (staked.isEmpty()) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no Staked event of "
                    + "ComputeEscrow at " + address + " for provider " + s.provider() + " with " + s.value() + " wei");
        }
        escrow.stakeConfirmed(s.stakeId(), receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
        return Payloads.write(Payloads.JSON.createObjectNode().put("event", "Staked")
                .put("amount", s.value().toString()).put("activeStake", staked.get().activeStake.toString())
                .put("gasUsed", receipt.getGasUsed().toString()));
    }
}
