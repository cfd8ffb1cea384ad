package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.computemarket.api.EscrowEvents.EscrowLocked;
import org.trainex.shared.api.ChainCommand.LockEscrow;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Locks a matched order's maximum price in escrow ({@link LockEscrow}) with
 * {@code ComputeEscrow.lockFromDeposit(orderKey, consumer, value)}: {@code value} wei move from the consumer's own
 * deposit (which the consumer sent from its wallet with {@code deposit()}) into the order; the gateway account sends
 * no wei and pays gas only (DKLabs, seed 002, Section 7.2 item 1: the payment "is locked until the job is
 * completed"; issue 11 item 1: every wei in escrow comes from the wallet it is credited to). A deposit that does not
 * cover the lock reverts {@code InsufficientDeposit} in simulation and the request fails, moving nothing; so does a
 * second lock of the same order.
 *
 * <p>On confirmation it requires the {@code Locked} event for the order with the amount (else
 * {@link IllegalStateException}) and publishes {@link EscrowLocked}.
 */
public class LockEscrowHandler extends CallExpectingEvent<LockEscrow, ComputeEscrow.LockedEventResponse> {
    public LockEscrowHandler(ContractBook contracts, DomainEvents events) {
        super(LockEscrow.class, contracts, ContractBook.COMPUTE_ESCROW, events);
    }

    @Override
    Function function(LockEscrow l) {
        return new Function(ComputeEscrow.FUNC_LOCKFROMDEPOSIT, List.of(Payloads.bytes32(l.orderKey()),
                new Address(l.consumer().value()), new Uint256(l.value())), List.of());
    }

    @Override
    List<ComputeEscrow.LockedEventResponse> events(TransactionReceipt receipt) {
        return ComputeEscrow.getLockedEvents(receipt);
    }

    @Override
    boolean confirms(LockEscrow l, ComputeEscrow.LockedEventResponse e) {
        return Arrays.equals(Payloads.bytes(l.orderKey()), e.orderId) && l.value().equals(e.amount);
    }

    @Override
    String expected(LockEscrow l) {
        return "Locked event for order " + l.orderId() + " with " + l.value() + " wei";
    }

    @Override
    ObjectNode confirmed(UUID requestId, LockEscrow l, ComputeEscrow.LockedEventResponse e,
                         TransactionReceipt receipt) {
        events.publish(new EscrowLocked(DomainEvent.idOf("EscrowLocked", requestId), l.orderId(),
                Payloads.receipt(receipt)));
        return Payloads.result("Locked").put("amount", l.value().toString());
    }
}
