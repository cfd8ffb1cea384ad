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
 * Records that an order's work passed verification ({@value EscrowChain#MARK_VERIFIED_KIND}) with
 * {@code ComputeEscrow.markVerified(orderKey)}, which starts the order's challenge period of
 * {@code challengePeriod} seconds (DKLabs, seed 002, Section 7.2 item 5: "there is a challenge period ... After the
 * challenge period ... the results of the training are exchanged for payment").
 *
 * <p>Payload: {@code {"orderId": uuid, "orderKey": "0x" + 64 hex}}; a missing or malformed field fails the request
 * before anything is sent ({@link IllegalArgumentException}). An order that is not Locked on chain (unknown, already
 * verified, released or refunded) reverts {@code WrongStatus} in gas estimation and fails. On confirmation it requires
 * the {@code Verified} event for the order (else {@link IllegalStateException}) and calls
 * {@link EscrowChain#escrowVerified(UUID, String, long, long)} with the event's {@code challengeEndsAt} (unix
 * seconds, block time: the earliest time {@code release} is allowed).
 */
public class MarkVerifiedHandler implements RequestHandler {
    private final ContractBook contracts;
    private final EscrowChain escrow;

    public MarkVerifiedHandler(ContractBook contracts, EscrowChain escrow) {
        this.contracts = contracts;
        this.escrow = escrow;
    }

    @Override
    public String kind() {
        return EscrowChain.MARK_VERIFIED_KIND;
    }

    @Override
    public Call encode(ChainOutbox.Request request) {
        Payloads.OrderRef o = Payloads.OrderRef.of(Payloads.parse(request.payload()));
        Function f = new Function(ComputeEscrow.FUNC_MARKVERIFIED, List.of(new Bytes32(o.orderKey())), List.of());
        return new Call(contracts.address(ContractBook.COMPUTE_ESCROW), BigInteger.ZERO, FunctionEncoder.encode(f));
    }

    @Override
    public String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt) {
        Payloads.OrderRef o = Payloads.OrderRef.of(Payloads.parse(request.payload()));
        String address = contracts.address(ContractBook.COMPUTE_ESCROW);
        Optional<ComputeEscrow.VerifiedEventResponse> verified = ComputeEscrow.getVerifiedEvents(receipt).stream()
                .filter(e -> Payloads.emittedBy(e.log, address) && Arrays.equals(o.orderKey(), e.orderId))
                .findFirst();
        if (verified.isEmpty()) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no Verified event of "
                    + "ComputeEscrow at " + address + " for order " + o.orderId() + " (" + o.keyHex() + ")");
        }
        long challengeEndsAt = verified.get().challengeEndsAt.longValueExact();
        escrow.escrowVerified(o.orderId(), receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact(),
                challengeEndsAt);
        return Payloads.write(Payloads.JSON.createObjectNode().put("event", "Verified")
                .put("challengeEndsAt", challengeEndsAt).put("gasUsed", receipt.getGasUsed().toString()));
    }
}
