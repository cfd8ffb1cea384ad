package org.trainex.chain.gateway;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.computemarket.api.EscrowChain;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Refunds an order's whole locked amount to its consumer ({@value EscrowChain#REFUND_ESCROW_KIND}) with
 * {@code ComputeEscrow.refund(orderKey)}: a job that failed before any work was accepted (DKLabs, seed 002, Section
 * 7.2 item 1: the payment is locked "until the job is completed"; one that is never completed goes back). The
 * consumer withdraws the credit with {@code ComputeEscrow.withdraw()}.
 *
 * <p>Payload: {@code {"orderId": uuid, "orderKey": "0x" + 64 hex}}; a missing or malformed field fails the request
 * before anything is sent ({@link IllegalArgumentException}). An order that is neither Locked nor Verified on chain
 * reverts {@code WrongStatus} in gas estimation and fails. On confirmation it requires the {@code Refunded} event for
 * the order (else {@link IllegalStateException}) and calls {@link EscrowChain#escrowRefunded(UUID, String, long)};
 * the outbox row records the refunded amount (wei).
 */
public class RefundEscrowHandler implements RequestHandler {
    private final ContractBook contracts;
    private final EscrowChain escrow;

    public RefundEscrowHandler(ContractBook contracts, EscrowChain escrow) {
        this.contracts = contracts;
        this.escrow = escrow;
    }

    @Override
    public String kind() {
        return EscrowChain.REFUND_ESCROW_KIND;
    }

    @Override
    public Call encode(ChainOutbox.Request request) {
        Payloads.OrderRef o = Payloads.OrderRef.of(Payloads.parse(request.payload()));
        Function f = new Function(ComputeEscrow.FUNC_REFUND, List.of(new Bytes32(o.orderKey())), List.of());
        return new Call(contracts.address(ContractBook.COMPUTE_ESCROW), BigInteger.ZERO, FunctionEncoder.encode(f));
    }

    @Override
    public String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt) {
        Payloads.OrderRef o = Payloads.OrderRef.of(Payloads.parse(request.payload()));
        String address = contracts.address(ContractBook.COMPUTE_ESCROW);
        Optional<ComputeEscrow.RefundedEventResponse> refunded = ComputeEscrow.getRefundedEvents(receipt).stream()
                .filter(e -> Payloads.emittedBy(e.log, address) && Arrays.equals(o.orderKey(), e.orderId))
                .findFirst();
        if (refunded.isEmpty()) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no Refunded event of "
                    + "ComputeEscrow at " + address + " for order " + o.orderId() + " (" + o.keyHex() + ")");
        }
        escrow.escrowRefunded(o.orderId(), receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
        return Payloads.write(Payloads.JSON.createObjectNode().put("event", "Refunded")
                .put("amount", refunded.get().amount.toString()).put("gasUsed", receipt.getGasUsed().toString()));
    }
}
