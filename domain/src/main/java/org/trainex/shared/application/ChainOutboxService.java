package org.trainex.shared.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.shared.api.ChainCommand;
import org.trainex.shared.api.ChainCommandCodec;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.domain.ChainRequest;
import org.trainex.shared.domain.ChainRequestRepository;

/**
 * The outbox behind {@link ChainOutbox}. Each gateway step is its own short transaction (the caller's, or a new
 * one), and rows are locked while they change, so two gateway threads never move the same row.
 */
@Stateless
public class ChainOutboxService implements ChainOutbox {
    @Inject
    ChainRequestRepository requests;

    @Override
    public void submit(UUID id, ChainCommand command) {
        if (id == null || command == null) {
            throw new InvalidInputException("a chain request needs an id and a command");
        }
        if (requests.find(id).isEmpty()) {
            requests.add(new ChainRequest(id, command.kind(), ChainCommandCodec.encode(command), Instant.now()));
        }
    }

    @Override
    public Optional<Request> find(UUID id) {
        return requests.find(id).map(ChainRequest::toView);
    }

    @Override
    public List<Request> due(Instant now, int limit) {
        return requests.due(now, limit).stream().map(ChainRequest::toView).toList();
    }

    @Override
    public List<Request> inFlight() {
        return requests.signed().stream().map(ChainRequest::toView).toList();
    }

    @Override
    public List<Request> recent(int limit) {
        return requests.recent(limit).stream().map(ChainRequest::toView).toList();
    }

    @Override
    public Optional<Long> highestNonce(String sender) {
        return requests.highestNonce(sender);
    }

    @Override
    public void recordSigned(UUID id, String sender, long nonce, String txHash, String rawTx) {
        locked(id).signed(sender, nonce, txHash, rawTx, Instant.now());
        requests.flush(); // the unique (sender, nonce) index speaks now, not at commit
    }

    @Override
    public void recordConfirmed(UUID id, long blockNumber, String resultJson) {
        locked(id).confirmed(blockNumber, resultJson, Instant.now());
    }

    @Override
    public void recordRetry(UUID id, String error, Instant nextAttempt) {
        locked(id).retryAt(error, nextAttempt, Instant.now());
    }

    @Override
    public void recordFailed(UUID id, String error) {
        locked(id).failed(error, Instant.now());
    }

    @Override
    public void recordUnsigned(UUID id, String error) {
        locked(id).unsigned(error, Instant.now());
    }

    private ChainRequest locked(UUID id) {
        return requests.lock(id).orElseThrow(() -> new IllegalStateException("no chain request " + id));
    }
}
