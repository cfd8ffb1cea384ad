-- The chain outbox (DESIGN.md, "Money is never lost"): a domain change that must reach the chain writes a row
-- here in its own transaction; the chain gateway turns each row into exactly one confirmed transaction.
-- States: PENDING (not signed yet), SIGNED (nonce assigned, raw transaction stored, maybe broadcast),
-- CONFIRMED (receipt with enough confirmations), FAILED (gave up or reverted; visible to admins).
CREATE TABLE chain_request (
    id              UUID          PRIMARY KEY,
    kind            VARCHAR(40)   NOT NULL,
    payload         TEXT          NOT NULL,
    state           VARCHAR(20)   NOT NULL,
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ   NOT NULL,
    sender          VARCHAR(42),
    nonce           BIGINT,
    tx_hash         VARCHAR(66),
    raw_tx          TEXT,
    block_number    BIGINT,
    result          TEXT,
    last_error      VARCHAR(2000),
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    confirmed_at    TIMESTAMPTZ,
    version         BIGINT        NOT NULL DEFAULT 0
);
CREATE INDEX chain_request_due_idx ON chain_request (state, next_attempt_at);
-- one in-flight transaction per (account, nonce): the database refuses to sign two requests with the same nonce
-- (confirmed rows may repeat a nonce only after a dev chain was reset)
CREATE UNIQUE INDEX chain_request_sender_nonce_idx ON chain_request (sender, nonce) WHERE state = 'SIGNED';

-- Addresses of Trainex's contracts per chain, recorded when the gateway deploys them.
CREATE TABLE chain_contract (
    chain_id     BIGINT       NOT NULL,
    name         VARCHAR(64)  NOT NULL,
    address      VARCHAR(42)  NOT NULL,
    tx_hash      VARCHAR(66)  NOT NULL,
    block_number BIGINT       NOT NULL,
    deployed_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (chain_id, name)
);
