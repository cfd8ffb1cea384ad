-- Registry entries (DataBright, seed 000, Section 2: the "Database" of accepted data) and the Merkle batches
-- that anchor them on chain. An entry is immutable once ANCHORED.
CREATE TABLE registry_batch (
    id              UUID         PRIMARY KEY,
    registry_id     UUID         NOT NULL,
    entry_count     INTEGER      NOT NULL CHECK (entry_count > 0),
    state           VARCHAR(20)  NOT NULL,
    merkle_root     VARCHAR(66),
    chain_batch_id  BIGINT,
    tx_hash         VARCHAR(66),
    block_number    BIGINT,
    created_at      TIMESTAMPTZ  NOT NULL,
    anchored_at     TIMESTAMPTZ,
    version         BIGINT       NOT NULL DEFAULT 0
);

CREATE TABLE registry_entry (
    id                 UUID          PRIMARY KEY,
    dataset_id         UUID          NOT NULL UNIQUE REFERENCES dataset (id),
    registry_id        UUID          NOT NULL,
    content_digest     VARCHAR(64)   NOT NULL,
    contributor_wallet VARCHAR(42)   NOT NULL,
    sample_count       INTEGER       NOT NULL CHECK (sample_count > 0),
    shares             NUMERIC(78,0) NOT NULL CHECK (shares > 0),
    state              VARCHAR(20)   NOT NULL,
    batch_id           UUID          REFERENCES registry_batch (id),
    leaf_index         INTEGER,
    merkle_proof       TEXT,
    created_at         TIMESTAMPTZ   NOT NULL,
    anchored_at        TIMESTAMPTZ,
    version            BIGINT        NOT NULL DEFAULT 0
);
CREATE INDEX registry_entry_state_idx ON registry_entry (state, created_at);
