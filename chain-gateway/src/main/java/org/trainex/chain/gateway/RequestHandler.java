package org.trainex.chain.gateway;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.trainex.shared.api.ChainCommand;
import org.trainex.shared.api.ChainCommandCodec;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Turns one type of {@link ChainCommand} into a contract call, and its receipt into the events that announce it
 * (DESIGN.md convention 15: one handler per command type). The pipeline decodes each outbox row with
 * {@link ChainCommandCodec} before it reaches a handler, so a handler sees only well-formed commands.
 *
 * @param <C> the command type it handles
 */
public interface RequestHandler<C extends ChainCommand> {
    /**
     * A contract call.
     *
     * @param to    contract address
     * @param value wei sent with the call
     * @param data  ABI-encoded call data (0x hex)
     */
    record Call(String to, BigInteger value, String data) {
    }

    /** The command type this handler serves. */
    Class<C> type();

    /** The outbox kind of {@link #type()}. */
    default String kind() {
        return ChainCommandCodec.kind(type());
    }

    /**
     * The call a command makes. Deterministic: a command re-encoded after a crash gives the same call.
     *
     * @throws IllegalArgumentException if the command cannot be sent as it is (the request fails, it is never sent)
     */
    Call encode(C command);

    /**
     * Whether a command whose call reverts in simulation (gas estimation) with {@code error} should be tried again
     * later, and when: for a revert that only time can lift (e.g. {@code ChallengePeriodNotOver} before a release).
     * The pipeline retries at most {@link TransactionPipeline#MAX_ATTEMPTS} times in all. Default: never (the
     * request fails, naming the error).
     *
     * @return how long to wait before the next attempt; empty if the request should fail
     */
    default Optional<Duration> retryAfter(C command, ContractError error) {
        return Optional.empty();
    }

    /**
     * Checks a successful receipt against the command, publishes the events that announce it (in the caller's
     * transaction, which also marks the outbox row confirmed) and returns what to record on the row as JSON.
     *
     * @param requestId the outbox row's id (events derive their ids from it)
     * @throws IllegalStateException if the receipt lacks the expected event (the row stays unconfirmed)
     */
    String onConfirmed(UUID requestId, C command, TransactionReceipt receipt);
}
