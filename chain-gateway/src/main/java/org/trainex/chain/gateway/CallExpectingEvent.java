package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import org.trainex.shared.api.ChainCommand;
import org.trainex.shared.api.ChainReceipt;
import org.trainex.shared.api.DomainEvents;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.core.methods.response.BaseEventResponse;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The common shape of a chain command: call one function of one of Trainex's contracts, then require one event of
 * that contract in the receipt that matches the command, publish what it means, and record the event's fields on
 * the outbox row (with {@code gasUsed}). Subclasses name the call, the event and its meaning; anything that does not
 * fit (several events, Merkle trees) overrides {@link #onConfirmed}.
 *
 * @param <C> the command
 * @param <E> the contract event that confirms it (a web3j event response)
 */
abstract class CallExpectingEvent<C extends ChainCommand, E extends BaseEventResponse> implements RequestHandler<C> {
    private final Class<C> type;
    protected final ContractBook contracts;
    private final String contract;
    protected final DomainEvents events;

    /**
     * @param contract the {@link ContractBook} name of the contract called, e.g. {@link ContractBook#COMPUTE_ESCROW}
     */
    CallExpectingEvent(Class<C> type, ContractBook contracts, String contract, DomainEvents events) {
        this.type = type;
        this.contracts = contracts;
        this.contract = contract;
        this.events = events;
    }

    @Override
    public final Class<C> type() {
        return type;
    }

    /** The function call (name and ABI arguments). */
    abstract Function function(C command);

    /** Wei sent with the call; none by default (the gateway never funds escrow or stake). */
    BigInteger value(C command) {
        return BigInteger.ZERO;
    }

    /** The receipt's events of the expected type (e.g. {@code ComputeEscrow::getLockedEvents}). */
    abstract List<E> events(TransactionReceipt receipt);

    /** Whether {@code event} confirms {@code command} (same key, same amount). */
    abstract boolean confirms(C command, E event);

    /** The expected event in words, for the error when it is missing, e.g. "a Locked event for order …". */
    abstract String expected(C command);

    /**
     * Publishes what the confirmed command means (through {@link #events}) and returns the fields to record.
     *
     * @param receipt the mined transaction ({@link Payloads#receipt} gives its {@link ChainReceipt})
     */
    abstract ObjectNode confirmed(UUID requestId, C command, E event, TransactionReceipt receipt);

    @Override
    public Call encode(C command) {
        return new Call(contracts.address(contract), value(command), FunctionEncoder.encode(function(command)));
    }

    @Override
    public String onConfirmed(UUID requestId, C command, TransactionReceipt receipt) {
        String address = contracts.address(contract);
        E event = events(receipt).stream()
                .filter(e -> Payloads.emittedBy(e.log, address) && confirms(command, e))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no "
                        + expected(command) + " of " + contract + " at " + address));
        ObjectNode result = confirmed(requestId, command, event, receipt);
        return Payloads.write(result.put("gasUsed", receipt.getGasUsed().toString()));
    }
}
