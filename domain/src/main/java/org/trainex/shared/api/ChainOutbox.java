package org.trainex.shared.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The chain outbox (DESIGN.md, "Money is never lost"). Domain code calls {@link #submit} in the same transaction
 * as the change that needs a chain effect; the chain gateway works the rows through the other methods until each
 * is exactly one confirmed transaction. Rows are never deleted.
 */
public interface ChainOutbox {
    /** Outbox states. */
    enum State { PENDING, SIGNED, CONFIRMED, FAILED }

    /**
     * A row of the outbox.
     *
     * @param id          the request id (idempotency key, chosen by the submitter)
     * @param kind        what to do, e.g. {@code ANCHOR_REGISTRY_BATCH} ({@link ChainCommand#kind()})
     * @param payload     JSON arguments of the request ({@link ChainCommandCodec}; decode with {@link #command()})
     * @param state       where it stands
     * @param attempts    send attempts so far
     * @param sender      signing account (checksummed) once signed
     * @param nonce       the account nonce the transaction uses, once signed
     * @param txHash      the transaction hash, once signed (0x + 64 hex)
     * @param rawTx       the signed transaction (0x hex), kept so a re-send after a crash is the same transaction
     * @param blockNumber the block that included it, once confirmed
     * @param result      JSON the gateway recorded on confirmation (e.g. event fields)
     * @param lastError   last failure, for operators
     * @param createdAt   when submitted
     * @param confirmedAt when confirmed
     */
    record Request(UUID id, String kind, String payload, State state, int attempts, String sender, Long nonce,
                   String txHash, String rawTx, Long blockNumber, String result, String lastError,
                   Instant createdAt, Instant confirmedAt) {
        /**
         * The command this row stores.
         *
         * @throws IllegalArgumentException if the stored kind or payload does not decode (the message names the
         *                                  field)
         */
        public ChainCommand command() {
            return ChainCommandCodec.decode(kind, payload);
        }
    }

    /**
     * Adds a request for {@code command} unless one with the same id exists (then nothing changes). Call it in the
     * transaction of the change that needs the chain effect.
     *
     * @param id the request id: the idempotency key, chosen by the submitter (often derived from the aggregate id)
     * @throws InvalidInputException if id or command is null
     */
    void submit(UUID id, ChainCommand command);

    Optional<Request> find(UUID id);

    /** PENDING rows whose next attempt is due, oldest first. */
    List<Request> due(Instant now, int limit);

    /** SIGNED rows: sent or about to be sent, waiting for a receipt (reconciled at start-up). */
    List<Request> inFlight();

    /** The most recent rows of any state, newest first (for the admin view). */
    List<Request> recent(int limit);

    /** The highest nonce recorded for {@code sender}, if any (nonce management survives restarts). */
    Optional<Long> highestNonce(String sender);

    /**
     * Records the signed transaction before it is broadcast.
     *
     * @throws IllegalStateException if the row is not PENDING, or another row holds this sender and nonce
     */
    void recordSigned(UUID id, String sender, long nonce, String txHash, String rawTx);

    /** The transaction is mined with enough confirmations. */
    void recordConfirmed(UUID id, long blockNumber, String resultJson);

    /** A transient failure before signing: try again at {@code nextAttempt}. */
    void recordRetry(UUID id, String error, Instant nextAttempt);

    /** Gives up (reverted, or not retriable); operators see it in the admin view and the log. */
    void recordFailed(UUID id, String error);

    /** Back to PENDING without a transaction, e.g. when a signed transaction was dropped and its nonce reused. */
    void recordUnsigned(UUID id, String error);
}
