package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.ShareToken;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.datamarket.api.Registry;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Mints a registry batch's contributor shares ({@value Registry#MINT_SHARES_KIND}) with
 * {@code ShareToken.mintMany(registryId, contributors, amounts)}: ERC-1155 token id = the registry id, one share
 * per accepted sample (DataBright, seed 000, Section 2: contributors become shareholders). On confirmation it
 * checks that the receipt holds one {@code SharesMinted} event per contributor.
 */
public class MintSharesHandler implements RequestHandler {
    private final ContractBook contracts;
    private final Registry registry;

    public MintSharesHandler(ContractBook contracts, Registry registry) {
        this.contracts = contracts;
        this.registry = registry;
    }

    @Override
    public String kind() {
        return Registry.MINT_SHARES_KIND;
    }

    @Override
    public Call encode(ChainOutbox.Request request) {
        JsonNode p = AnchorRegistryBatchHandler.parse(request.payload());
        List<Address> contributors = new ArrayList<>();
        List<Uint256> amounts = new ArrayList<>();
        p.get("contributors").forEach(c -> contributors.add(new Address(c.asText())));
        p.get("amounts").forEach(a -> amounts.add(new Uint256(new BigInteger(a.asText()))));
        if (contributors.isEmpty() || contributors.size() != amounts.size()) {
            throw new IllegalArgumentException("a share mint needs as many amounts as contributors, at least one");
        }
        Function f = new Function(ShareToken.FUNC_MINTMANY, List.of(
                new Uint256(new BigInteger(1, MerkleTree.fromHex(p.get("registryId").asText()))),
                new DynamicArray<>(Address.class, contributors), new DynamicArray<>(Uint256.class, amounts)), List.of());
        return new Call(contracts.address(ContractBook.SHARE_TOKEN), BigInteger.ZERO, FunctionEncoder.encode(f));
    }

    @Override
    public String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt) {
        JsonNode p = AnchorRegistryBatchHandler.parse(request.payload());
        int minted = ShareToken.getSharesMintedEvents(receipt).size();
        if (minted != p.get("contributors").size()) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has " + minted
                    + " SharesMinted events, expected " + p.get("contributors").size());
        }
        registry.sharesMinted(UUID.fromString(p.get("batchId").asText()), receipt.getTransactionHash(),
                receipt.getBlockNumber().longValueExact());
        return "{\"event\":\"SharesMinted\",\"count\":" + minted + ",\"gasUsed\":" + receipt.getGasUsed() + "}";
    }
}
