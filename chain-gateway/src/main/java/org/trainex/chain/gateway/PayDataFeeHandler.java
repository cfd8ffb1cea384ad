package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.datamarket.api.ChainRecordEvents.DataFeePaid;
import org.trainex.shared.api.ChainCommand.PayDataFee;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Pays a data fee as dividends ({@link PayDataFee}) with {@code ComputeEscrow.payDataFee(usageKey, holders, amounts,
 * usageDigest)}, sending {@code value} wei from the gateway account: each holder is credited its amount and withdraws
 * it with {@code ComputeEscrow.withdraw()} (DataBright, seed 000, Section 2: contributors earn a dividend every time
 * their data is used). A usage whose fee is already paid reverts in gas estimation and fails.
 *
 * <p>On confirmation it requires the contract's {@code DataFeePaid} event for the usage key with total == value
 * (else {@link IllegalStateException}) and publishes {@link DataFeePaid}.
 */
public class PayDataFeeHandler extends CallExpectingEvent<PayDataFee, ComputeEscrow.DataFeePaidEventResponse> {
    public PayDataFeeHandler(ContractBook contracts, DomainEvents events) {
        super(PayDataFee.class, contracts, ContractBook.COMPUTE_ESCROW, events);
    }

    @Override
    Function function(PayDataFee fee) {
        return new Function(ComputeEscrow.FUNC_PAYDATAFEE, List.of(Payloads.bytes32(fee.usageKey()),
                new DynamicArray<>(Address.class, Payloads.addresses(fee.holders())),
                new DynamicArray<>(Uint256.class, fee.amounts().stream().map(Uint256::new).toList()),
                Payloads.bytes32(fee.usageDigest())), List.of());
    }

    @Override
    BigInteger value(PayDataFee fee) {
        return fee.value();
    }

    @Override
    List<ComputeEscrow.DataFeePaidEventResponse> events(TransactionReceipt receipt) {
        return ComputeEscrow.getDataFeePaidEvents(receipt);
    }

    @Override
    boolean confirms(PayDataFee fee, ComputeEscrow.DataFeePaidEventResponse e) {
        return Arrays.equals(Payloads.bytes(fee.usageKey()), e.usageId) && fee.value().equals(e.total);
    }

    @Override
    String expected(PayDataFee fee) {
        return "DataFeePaid event for usage " + fee.usageKey() + " with total " + fee.value() + " wei";
    }

    @Override
    ObjectNode confirmed(UUID requestId, PayDataFee fee, ComputeEscrow.DataFeePaidEventResponse e,
                         TransactionReceipt receipt) {
        events.publish(new DataFeePaid(DomainEvent.idOf("DataFeePaid", requestId), fee.usageId(),
                Payloads.receipt(receipt)));
        return Payloads.result("DataFeePaid").put("total", fee.value().toString()).put("holders", fee.holders().size());
    }
}
