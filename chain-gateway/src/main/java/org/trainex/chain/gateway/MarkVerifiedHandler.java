package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.computemarket.api.EscrowEvents.EscrowVerified;
import org.trainex.shared.api.ChainCommand.MarkVerified;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Records that an order's work passed verification ({@link MarkVerified}) with
 * {@code ComputeEscrow.markVerified(orderKey)}, which starts the order's challenge period of {@code challengePeriod}
 * seconds (DKLabs, seed 002, Section 7.2 item 5: "there is a challenge period ... After the challenge period ... the
 * results of the training are exchanged for payment"). An order that is not Locked on chain (unknown, already
 * verified, released or refunded) reverts {@code WrongStatus} in gas estimation and fails.
 *
 * <p>On confirmation it requires the {@code Verified} event for the order (else {@link IllegalStateException}) and
 * publishes {@link EscrowVerified} with the event's {@code challengeEndsAt} (unix seconds, block time: the earliest
 * time {@code release} is allowed).
 */
public class MarkVerifiedHandler extends CallExpectingEvent<MarkVerified, ComputeEscrow.VerifiedEventResponse> {
    public MarkVerifiedHandler(ContractBook contracts, DomainEvents events) {
        super(MarkVerified.class, contracts, ContractBook.COMPUTE_ESCROW, events);
    }

    @Override
    Function function(MarkVerified m) {
        return new Function(ComputeEscrow.FUNC_MARKVERIFIED, List.of(Payloads.bytes32(m.orderKey())), List.of());
    }

    @Override
    List<ComputeEscrow.VerifiedEventResponse> events(TransactionReceipt receipt) {
        return ComputeEscrow.getVerifiedEvents(receipt);
    }

    @Override
    boolean confirms(MarkVerified m, ComputeEscrow.VerifiedEventResponse e) {
        return Arrays.equals(Payloads.bytes(m.orderKey()), e.orderId);
    }

    @Override
    String expected(MarkVerified m) {
        return "Verified event for order " + m.orderId() + " (" + m.orderKey() + ")";
    }

    @Override
    ObjectNode confirmed(UUID requestId, MarkVerified m, ComputeEscrow.VerifiedEventResponse e,
                         TransactionReceipt receipt) {
        long challengeEndsAt = e.challengeEndsAt.longValueExact();
        events.publish(new EscrowVerified(DomainEvent.idOf("EscrowVerified", requestId), m.orderId(),
                Payloads.receipt(receipt), challengeEndsAt));
        return Payloads.result("Verified").put("challengeEndsAt", challengeEndsAt);
    }
}
