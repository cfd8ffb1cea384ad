package org.trainex.chain.gateway;

import java.math.BigInteger;
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
     * Applies a successful receipt to the domain (in the caller's transaction) and returns what to record on the
     * outbox row as JSON (event fields).
     *
     * @throws IllegalStateException if the receipt lacks the expected event
     */
    String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt);
}
