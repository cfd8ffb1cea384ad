package org.trainex.shared.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.ChainOutbox.State;

/**
 * A request for one chain transaction (the outbox row). Its transitions are the only ones the gateway may make:
 * PENDING → SIGNED → CONFIRMED, PENDING → FAILED, SIGNED → FAILED (reverted), SIGNED → PENDING (dropped before
 * mining, nonce released).
 */
@Entity
@Table(name = "chain_request", schema = "shared")
public class ChainRequest {
    private static final int MAX_ERROR = 2000;

    @Id
    private UUID id;
    @Column(nullable = false, length = 40)
    private String kind;
    @Column(nullable = false, columnDefinition = "text")
    private String payload;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;
    @Column(nullable = false)
    private int attempts;
    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;
    @Column(length = 42)
    private String sender;
    private Long nonce;
    @Column(name = "tx_hash", length = 66)
    private String txHash;
    @Column(name = "raw_tx", columnDefinition = "text")
    private String rawTx;
    @Column(name = "block_number")
    private Long blockNumber;
    @Column(columnDefinition = "text")
    private String result;
    @Column(name = "last_error", length = MAX_ERROR)
    private String lastError;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "confirmed_at")
    private Instant confirmedAt;
    @Version
    private long version;

    protected ChainRequest() {
    }

    public ChainRequest(UUID id, String kind, String payload, Instant now) {
        this.id = Objects.requireNonNull(id);
        this.kind = Objects.requireNonNull(kind);
        this.payload = Objects.requireNonNull(payload);
        this.state = State.PENDING;
        this.nextAttemptAt = now;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** @throws IllegalStateException unless PENDING */
    public void signed(String sender, long nonce, String txHash, String rawTx, Instant now) {
        require(State.PENDING);
        this.sender = sender;
        this.nonce = nonce;
        this.txHash = txHash;
        this.rawTx = rawTx;
        this.attempts++;
        this.state = State.SIGNED;
        this.updatedAt = now;
    }

    /** @throws IllegalStateException unless SIGNED */
    public void confirmed(long blockNumber, String result, Instant now) {
        require(State.SIGNED);
        this.blockNumber = blockNumber;
        this.result = result;
        this.state = State.CONFIRMED;
        this.confirmedAt = now;
        this.updatedAt = now;
    }

    /** @throws IllegalStateException unless PENDING */
    public void retryAt(String error, Instant next, Instant now) {
        require(State.PENDING);
        this.attempts++;
        this.lastError = clip(error);
        this.nextAttemptAt = next;
        this.updatedAt = now;
    }

    /** @throws IllegalStateException if already CONFIRMED */
    public void failed(String error, Instant now) {
        if (state == State.CONFIRMED) {
            throw new IllegalStateException("request " + id + " is confirmed and cannot fail");
        }
        this.lastError = clip(error);
        this.state = State.FAILED;
        this.updatedAt = now;
    }

    /** A signed transaction that will never be mined: forget it so the request is signed again. */
    public void unsigned(String error, Instant now) {
        require(State.SIGNED);
        this.lastError = clip(error);
        this.sender = null;
        this.nonce = null;
        this.txHash = null;
        this.rawTx = null;
        this.state = State.PENDING;
        this.nextAttemptAt = now;
        this.updatedAt = now;
    }

    private void require(State expected) {
        if (state != expected) {
            throw new IllegalStateException("request " + id + " is " + state + ", not " + expected);
        }
    }

    private static String clip(String s) {
        return s == null ? null : s.length() > MAX_ERROR ? s.substring(0, MAX_ERROR) : s;
    }

    public ChainOutbox.Request toView() {
        return new ChainOutbox.Request(id, kind, payload, state, attempts, sender, nonce, txHash, rawTx, blockNumber,
                result, lastError, createdAt, confirmedAt);
    }
}
