package org.trainex.chain.gateway;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.ShareToken;
import org.trainex.datamarket.api.ChainRecordEvents.RegistrySharesMinted;
import org.trainex.shared.api.ChainCommand.MintRegistryShares;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Mints a registry batch's contributor shares ({@link MintRegistryShares}) with
 * {@code ShareToken.mintMany(registryId, contributors, amounts)}: ERC-1155 token id = the registry id, one share
 * per accepted sample (DataBright, seed 000, Section 2: contributors become shareholders). On confirmation it
 * requires one {@code SharesMinted} event per contributor (else {@link IllegalStateException}) and publishes
 * {@link RegistrySharesMinted}.
 */
public class MintSharesHandler implements RequestHandler<MintRegistryShares> {
    private final ContractBook contracts;
    private final DomainEvents events;

    public MintSharesHandler(ContractBook contracts, DomainEvents events) {
        this.contracts = contracts;
        this.events = events;
    }

    @Override
    public Class<MintRegistryShares> type() {
        return MintRegistryShares.class;
    }

    @Override
    public Call encode(MintRegistryShares m) {
        Function f = new Function(ShareToken.FUNC_MINTMANY, List.of(
                new Uint256(new BigInteger(1, Payloads.bytes(m.registryId()))),
                new DynamicArray<>(Address.class, Payloads.addresses(m.contributors())),
                new DynamicArray<>(Uint256.class, m.amounts().stream().map(Uint256::new).toList())), List.of());
        return new Call(contracts.address(ContractBook.SHARE_TOKEN), BigInteger.ZERO, FunctionEncoder.encode(f));
    }

    @Override
    public String onConfirmed(UUID requestId, MintRegistryShares m, TransactionReceipt receipt) {
        int minted = ShareToken.getSharesMintedEvents(receipt).size();
        if (minted != m.contributors().size()) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has " + minted
                    + " SharesMinted events, expected " + m.contributors().size());
        }
        events.publish(new RegistrySharesMinted(DomainEvent.idOf("RegistrySharesMinted", requestId), m.batchId(),
                Payloads.receipt(receipt)));
        return Payloads.write(Payloads.result("SharesMinted").put("count", minted)
                .put("gasUsed", receipt.getGasUsed().toString()));
    }
}
