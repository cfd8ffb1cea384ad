package org.trainex.chain.gateway;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.trainex.shared.api.ChainCommand;
import org.trainex.shared.api.ChainCommandCodec;
import org.trainex.shared.api.ChainOutbox;

/** The outbox as a map, with the same transitions and nonce rule as the database-backed one (a port fake). */
final class InMemoryOutbox implements ChainOutbox {
    final Map<UUID, Request> rows = new LinkedHashMap<>();

    @Override
    public void submit(UUID id, ChainCommand command) {
        submitRaw(id, command.kind(), ChainCommandCodec.encode(command));
    }

    /** Stores a row as given, as a row written before the commands were typed, or a malformed one, would be. */
    synchronized void submitRaw(UUID id, String kind, String payloadJson) {
        rows.putIfAbsent(id, new Request(id, kind, payloadJson, State.PENDING, 0, null, null, null, null, null, null,
                null, Instant.now(), null));
    }

    @Override
    public synchronized Optional<Request> find(UUID id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized List<Request> due(Instant now, int limit) {
        return rows.values().stream().filter(r -> r.state() == State.PENDING).limit(limit).toList();
    }

    @Override
    public synchronized List<Request> inFlight() {
        return rows.values().stream().filter(r -> r.state() == State.SIGNED)
                .sorted(Comparator.comparing(Request::nonce)).toList();
    }

    @Override
    public synchronized List<Request> recent(int limit) {
        return List.copyOf(rows.values());
    }

    @Override
    public synchronized Optional<Long> highestNonce(String sender) {
        return rows.values().stream().filter(r -> sender.equals(r.sender())).map(Request::nonce).max(Long::compare);
    }

    @Override
    public synchronized void recordSigned(UUID id, String sender, long nonce, String txHash, String rawTx) {
        Request r = require(id, State.PENDING);
        if (inFlight().stream().anyMatch(o -> sender.equals(o.sender()) && o.nonce() == nonce)) {
            throw new IllegalStateException("nonce " + nonce + " is in flight already");
        }
        rows.put(id, new Request(id, r.kind(), r.payload(), State.SIGNED, r.attempts() + 1, sender, nonce, txHash,
                rawTx, null, null, r.lastError(), r.createdAt(), null));
    }

    @Override
    public synchronized void recordConfirmed(UUID id, long blockNumber, String resultJson) {
        Request r = require(id, State.SIGNED);
        rows.put(id, new Request(id, r.kind(), r.payload(), State.CONFIRMED, r.attempts(), r.sender(), r.nonce(),
                r.txHash(), r.rawTx(), blockNumber, resultJson, r.lastError(), r.createdAt(), Instant.now()));
    }

    @Override
    public synchronized void recordRetry(UUID id, String error, Instant nextAttempt) {
        Request r = require(id, State.PENDING);
        rows.put(id, new Request(id, r.kind(), r.payload(), State.PENDING, r.attempts() + 1, null, null, null, null,
                null, null, error, r.createdAt(), null));
    }

    @Override
    public synchronized void recordFailed(UUID id, String error) {
        Request r = rows.get(id);
        rows.put(id, new Request(id, r.kind(), r.payload(), State.FAILED, r.attempts(), r.sender(), r.nonce(),
                r.txHash(), r.rawTx(), null, null, error, r.createdAt(), null));
    }

    @Override
    public synchronized void recordUnsigned(UUID id, String error) {
        Request r = require(id, State.SIGNED);
        rows.put(id, new Request(id, r.kind(), r.payload(), State.PENDING, r.attempts(), null, null, null, null,
                null, null, error, r.createdAt(), null));
    }

    private Request require(UUID id, State state) {
        Request r = rows.get(id);
        if (r == null || r.state() != state) {
            throw new IllegalStateException("request " + id + " is " + (r == null ? "unknown" : r.state()));
        }
        return r;
    }
}
