package org.trainex.chain.gateway;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Turns one kind of outbox request into a contract call, and its receipt into domain state.
 */
public interface RequestHandler {
    /**
     * A contract call.
     *
     * @param to    contract address
     * @param value wei sent with the call
     * @param data  ABI-encoded call data (0x hex)
     */
    record Call(String to, BigInteger value, String data) {
    }

    /** The outbox kind this handler serves. */
    String kind();

    /**
     * The call a request makes. Must be deterministic: a request re-encoded after a crash gives the same call.
     *
     * @throws IllegalArgumentException if the payload is malformed (the request fails, it is never sent)
     */
    Call encode(ChainOutbox.Request request);

    /**
     * Whether a request whose call reverts in simulation (gas estimation) with {@code error} should be tried again
     * later, and when: for a revert that only time can lift (e.g. {@code ChallengePeriodNotOver} before a release).
     * The pipeline retries at most {@link TransactionPipeline#MAX_ATTEMPTS} times in all. Default: never (the request
     * fails, naming the error).
     *
     * @return how long to wait before the next attempt; empty if the request should fail
     */
    default Optional<Duration> retryAfter(ChainOutbox.Request request, ContractError error) {
        return Optional.empty();
    }

    /**
     * Applies a successful receipt to the domain (in the caller's transaction) and returns what to record on the
     * outbox row as JSON (event fields).
     *
     * @throws IllegalStateException if the receipt lacks the expected event
     */
    String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt);
}
