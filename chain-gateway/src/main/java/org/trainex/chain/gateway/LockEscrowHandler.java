package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.computemarket.api.EscrowChain;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Locks a matched order's maximum price in escrow ({@value EscrowChain#LOCK_ESCROW_KIND}) with
 * {@code ComputeEscrow.lockFromDeposit(orderKey, consumer, value)}: {@code value} wei move from the consumer's own
 * deposit (which the consumer sent from its wallet with {@code deposit()}) into the order; the gateway account sends
 * no wei and pays gas only (DKLabs, seed 002, Section 7.2 item 1: the payment "is locked until the job is
 * completed"; issue 11 item 1: every wei in escrow comes from the wallet it is credited to). A deposit that does not
 * cover the lock reverts {@code InsufficientDeposit} in simulation and the request fails, moving nothing.
 *
 * <p>Payload: {@code {"orderId": uuid, "orderKey": "0x" + 64 hex, "consumer": address, "value": "decimal wei"}};
 * a missing or malformed field, or a value of 0, fails the request before anything is sent
 * ({@link IllegalArgumentException}); a second lock of the same order reverts in gas estimation and fails. On
 * confirmation it requires the {@code Locked} event for the order with the amount (else
 * {@link IllegalStateException}) and calls {@link EscrowChain#escrowLocked(UUID, String, long)}.
 */
public class LockEscrowHandler implements RequestHandler {
    private final ContractBook contracts;
    private final EscrowChain escrow;

    public LockEscrowHandler(ContractBook contracts, EscrowChain escrow) {
        this.contracts = contracts;
        this.escrow = escrow;
    }

    @Override
    public String kind() {
        return EscrowChain.LOCK_ESCROW_KIND;
    }

    record Lock(UUID orderId, byte[] orderKey, String consumer, BigInteger value) {
        static Lock of(ChainOutbox.Request request) {
            JsonNode p = Payloads.parse(request.payload());
            BigInteger value = Payloads.uint256(p, "value");
            if (value.signum() == 0) {
                throw new IllegalArgumentException("an escrow lock of 0 wei locks nothing");
            }
            return new Lock(Payloads.uuid(p, "orderId"), Payloads.bytes32(p, "orderKey"),
                    Payloads.address(p, "consumer"), value);
        }
    }

    @Override
    public Call encode(ChainOutbox.Request request) {
        Lock l = Lock.of(request);
        Function f = new Function(ComputeEscrow.FUNC_LOCKFROMDEPOSIT, List.of(new Bytes32(l.orderKey()),
                new Address(l.consumer()), new Uint256(l.value())), List.of());
        return new Call(contracts.address(ContractBook.COMPUTE_ESCROW), BigInteger.ZERO, FunctionEncoder.encode(f));
    }

    @Override
    public String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt) {
        Lock l = Lock.of(request);
        String address = contracts.address(ContractBook.COMPUTE_ESCROW);
        boolean locked = ComputeEscrow.getLockedEvents(receipt).stream()
                .anyMatch(e -> Payloads.emittedBy(e.log, address) && Arrays.equals(l.orderKey(), e.orderId)
                        && l.value().equals(e.amount));
        if (!locked) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no Locked event of "
                    + "ComputeEscrow at " + address + " for order " + l.orderId() + " with " + l.value() + " wei");
        }
        escrow.escrowLocked(l.orderId(), receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
        return Payloads.write(Payloads.JSON.createObjectNode().put("event", "Locked")
                .put("amount", l.value().toString()).put("gasUsed", receipt.getGasUsed().toString()));
    }
}
