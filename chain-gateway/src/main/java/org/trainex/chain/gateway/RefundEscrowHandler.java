package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.computemarket.api.EscrowEvents.EscrowRefunded;
import org.trainex.shared.api.ChainCommand.RefundEscrow;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Refunds an order's whole locked amount to its consumer ({@link RefundEscrow}) with
 * {@code ComputeEscrow.refund(orderKey)}: a job that failed before any work was accepted (DKLabs, seed 002, Section
 * 7.2 item 1: the payment is locked "until the job is completed"; one that is never completed goes back). The
 * consumer withdraws the credit with {@code ComputeEscrow.withdraw()}. An order that is neither Locked nor Verified
 * on chain reverts {@code WrongStatus} in gas estimation and fails.
 *
 * <p>On confirmation it requires the {@code Refunded} event for the order (else {@link IllegalStateException}) and
 * publishes {@link EscrowRefunded}; the outbox row records the refunded amount (wei).
 */
public class RefundEscrowHandler extends CallExpectingEvent<RefundEscrow, ComputeEscrow.RefundedEventResponse> {
    public RefundEscrowHandler(ContractBook contracts, DomainEvents events) {
        super(RefundEscrow.class, contracts, ContractBook.COMPUTE_ESCROW, events);
    }

    @Override
    Function function(RefundEscrow r) {
        return new Function(ComputeEscrow.FUNC_REFUND, List.of(Payloads.bytes32(r.orderKey())), List.of());
    }

    @Override
    List<ComputeEscrow.RefundedEventResponse> events(TransactionReceipt receipt) {
        return ComputeEscrow.getRefundedEvents(receipt);
    }

    @Override
    boolean confirms(RefundEscrow r, ComputeEscrow.RefundedEventResponse e) {
        return Arrays.equals(Payloads.bytes(r.orderKey()), e.orderId);
    }

    @Override
    String expected(RefundEscrow r) {
        return "Refunded event for order " + r.orderId() + " (" + r.orderKey() + ")";
    }

    @Override
    ObjectNode confirmed(UUID requestId, RefundEscrow r, ComputeEscrow.RefundedEventResponse e,
                         TransactionReceipt receipt) {
        events.publish(new EscrowRefunded(DomainEvent.idOf("EscrowRefunded", requestId), r.orderId(),
                Payloads.receipt(receipt)));
        return Payloads.result("Refunded").put("amount", e.amount.toString());
    }
}
