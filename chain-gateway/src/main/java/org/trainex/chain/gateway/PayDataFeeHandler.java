package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.datamarket.api.DividendChain;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Pays a data fee as dividends ({@value DividendChain#PAY_DATA_FEE_KIND}) with {@code ComputeEscrow.payDataFee(usageKey,
 * holders, amounts, usageDigest)}, sending {@code value} wei from the gateway account: each holder is credited its
 * amount and withdraws it with {@code ComputeEscrow.withdraw()} (DataBright, seed 000, Section 2: contributors earn a
 * dividend every time their data is used).
 *
 * <p>Payload: {@code {"usageId": uuid, "usageKey": "0x" + 64 hex, "usageDigest": "0x" + 64 hex (SHA-256 of the usage
 * record), "holders": [address, ...], "amounts": ["decimal wei", ...], "value": "decimal wei"}}. There must be at
 * least one holder, as many amounts as holders, and {@code value} must equal the sum of the amounts and be positive
 * (the contract checks the same); a violation, or a missing or malformed field, fails the request before anything is
 * sent ({@link IllegalArgumentException}). A usage whose fee is already paid reverts in gas estimation and fails.
 *
 * <p>On confirmation it requires the contract's {@code DataFeePaid} event for the usage key with total == value
 * (else {@link IllegalStateException}) and calls {@link DividendChain#dataFeePaid(UUID, String, long)}.
 */
public class PayDataFeeHandler implements RequestHandler {
    private final ContractBook contracts;
    private final DividendChain dividends;

    public PayDataFeeHandler(ContractBook contracts, DividendChain dividends) {
        this.contracts = contracts;
        this.dividends = dividends;
    }

    @Override
    public String kind() {
        return DividendChain.PAY_DATA_FEE_KIND;
    }

    /** A data fee, checked. Amounts and value in wei. */
    record Fee(UUID usageId, byte[] usageKey, byte[] usageDigest, List<String> holders, List<BigInteger> amounts,
               BigInteger value) {
        static Fee of(ChainOutbox.Request request) {
            JsonNode p = Payloads.parse(request.payload());
            List<String> holders = new ArrayList<>();
            int i = 0;
            for (JsonNode h : Payloads.array(p, "holders")) {
                String name = "holders[" + i++ + "]";
                if (!h.isTextual()) {
                    throw new IllegalArgumentException("\"" + name + "\" must be an address string, got " + h);
                }
                holders.add(Payloads.address(h.asText(), name));
            }
            List<BigInteger> amounts = new ArrayList<>();
            i = 0;
            for (JsonNode a : Payloads.array(p, "amounts")) {
                amounts.add(Payloads.uint256Value(a, "amounts[" + i++ + "]"));
            }
            if (holders.isEmpty() || holders.size() != amounts.size()) {
                throw new IllegalArgumentException("a data fee needs as many amounts as holders, at least one; got "
                        + holders.size() + " holders and " + amounts.size() + " amounts");
            }
            BigInteger value = Payloads.uint256(p, "value");
            BigInteger sum = amounts.stream().reduce(BigInteger.ZERO, BigInteger::add);
            if (!sum.equals(value)) {
                throw new IllegalArgumentException("\"value\" " + value + " wei is not the sum of the amounts, " + sum
                        + " wei");
            }
            if (value.signum() == 0) {
                throw new IllegalArgumentException("a data fee of 0 wei pays nothing");
            }
            return new Fee(Payloads.uuid(p, "usageId"), Payloads.bytes32(p, "usageKey"),
                    Payloads.bytes32(p, "usageDigest"), List.copyOf(holders), List.copyOf(amounts), value);
        }
    }

    @Override
    public Call encode(ChainOutbox.Request request) {
        Fee fee = Fee.of(request);
        Function f = new Function(ComputeEscrow.FUNC_PAYDATAFEE, List.of(new Bytes32(fee.usageKey()),
                new DynamicArray<>(Address.class, fee.holders().stream().map(Address::new).toList()),
                new DynamicArray<>(Uint256.class, fee.amounts().stream().map(Uint256::new).toList()),
                new Bytes32(fee.usageDigest())), List.of());
        return new Call(contracts.address(ContractBook.COMPUTE_ESCROW), fee.value(), FunctionEncoder.encode(f));
    }

    @Override
    public String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt) {
        Fee fee = Fee.of(request);
        String escrow = contracts.address(ContractBook.COMPUTE_ESCROW);
        boolean paid = ComputeEscrow.getDataFeePaidEvents(receipt).stream()
                .anyMatch(e -> Payloads.emittedBy(e.log, escrow) && Arrays.equals(fee.usageKey(), e.usageId)
                        && fee.value().equals(e.total));
        if (!paid) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no DataFeePaid event of "
                    + "ComputeEscrow at " + escrow + " for usage " + MerkleTree.toHex(fee.usageKey()) + " with total "
                    + fee.value() + " wei");
        }
        dividends.dataFeePaid(fee.usageId(), receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
        return Payloads.write(Payloads.JSON.createObjectNode().put("event", "DataFeePaid")
                .put("total", fee.value().toString()).put("holders", fee.holders().size())
                .put("gasUsed", receipt.getGasUsed().toString()));
    }
}
