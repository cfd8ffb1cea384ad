-- Federated training across the matched runners, settlement of the escrow, and provider stakes (issue 5 items 2,
-- 4 and 5; DKLabs, seed 002, Section 7.2; McMahan et al. 2017 for FedAvg). Amounts in wei (NUMERIC(78,0)), work
-- in sample-steps, times in UTC.

-- Orders: several training datasets (e.g. accepted registry entries), FedAvg rounds, and the data fee rate.
ALTER TABLE training_order ADD COLUMN extra_train_dataset_ids VARCHAR(4000) NOT NULL DEFAULT '';
ALTER TABLE training_order ADD COLUMN rounds INTEGER NOT NULL DEFAULT 1 CHECK (rounds >= 1);
ALTER TABLE training_order ADD COLUMN data_fee_bps INTEGER NOT NULL DEFAULT 0 CHECK (data_fee_bps BETWEEN 0 AND 10000);

-- Jobs of matched orders run as FedAvg rounds; their single-task columns stay empty.
ALTER TABLE training_job ALTER COLUMN train_task_id DROP NOT NULL;
ALTER TABLE training_job ADD COLUMN federated BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE training_job ADD COLUMN rounds INTEGER NOT NULL DEFAULT 1;
ALTER TABLE training_job ADD COLUMN current_round INTEGER;

CREATE TABLE training_round (
    job_id            UUID             NOT NULL REFERENCES training_job (id),
    round             INTEGER          NOT NULL CHECK (round >= 1),
    state             VARCHAR(20)      NOT NULL,
    chunks            INTEGER          NOT NULL CHECK (chunks >= 1),
    samples           BIGINT           NOT NULL CHECK (samples >= 1),
    initial_model_cid VARCHAR(59),
    train_loss        DOUBLE PRECISION,
    aggregate_task_id UUID             UNIQUE,
    global_model_cid  VARCHAR(59),
    eval_task_id      UUID             UNIQUE,
    test_samples      BIGINT,
    test_accuracy     DOUBLE PRECISION,
    test_loss         DOUBLE PRECISION,
    started_at        TIMESTAMPTZ      NOT NULL,
    aggregated_at     TIMESTAMPTZ,
    evaluated_at      TIMESTAMPTZ,
    version           BIGINT           NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, round)
);

-- One row per chunk attempt; a slot re-dispatched after its lease expired gets a new attempt (new task id).
CREATE TABLE training_chunk (
    task_id            UUID             PRIMARY KEY,
    job_id             UUID             NOT NULL REFERENCES training_job (id),
    round              INTEGER          NOT NULL,
    slot               INTEGER          NOT NULL CHECK (slot >= 0),
    attempt            INTEGER          NOT NULL CHECK (attempt >= 1),
    runner_id          VARCHAR(100),
    provider           VARCHAR(100),
    dataset_id         UUID             NOT NULL,
    sample_offset      INTEGER          NOT NULL CHECK (sample_offset >= 0),
    sample_count       INTEGER          NOT NULL CHECK (sample_count >= 1),
    epochs             INTEGER          NOT NULL CHECK (epochs >= 1),
    price_per_kilo_sample_step_wei NUMERIC(78,0) NOT NULL CHECK (price_per_kilo_sample_step_wei >= 0),
    state              VARCHAR(20)      NOT NULL,
    lease_until        TIMESTAMPTZ,
    samples_done       BIGINT           NOT NULL DEFAULT 0,
    loss               DOUBLE PRECISION,
    samples_per_second DOUBLE PRECISION,
    model_cid          VARCHAR(59),
    wall_millis        BIGINT,
    payment_wei        NUMERIC(78,0)    CHECK (payment_wei >= 0),
    failure            VARCHAR(1000),
    dispatched_at      TIMESTAMPTZ,
    finished_at        TIMESTAMPTZ,
    version            BIGINT           NOT NULL DEFAULT 0,
    UNIQUE (job_id, round, slot, attempt),
    FOREIGN KEY (job_id, round) REFERENCES training_round (job_id, round)
);
CREATE INDEX training_chunk_lease_idx ON training_chunk (state, lease_until);
CREATE INDEX training_chunk_runner_idx ON training_chunk (runner_id, state);
-- At most one accepted attempt per slot: a second result for the slot cannot be paid twice.
CREATE UNIQUE INDEX training_chunk_one_done_per_slot ON training_chunk (job_id, round, slot) WHERE state = 'DONE';

-- Provider accounts: payout wallet (linked by an EIP-191 signature) and stake through ComputeEscrow.stakeFor.
CREATE TABLE provider_account (
    provider           VARCHAR(100)  PRIMARY KEY,
    wallet             VARCHAR(42)   NOT NULL,
    staked_wei         NUMERIC(78,0) NOT NULL DEFAULT 0 CHECK (staked_wei >= 0),
    stake_on_chain_wei NUMERIC(78,0) NOT NULL DEFAULT 0 CHECK (stake_on_chain_wei >= 0),
    updated_at         TIMESTAMPTZ   NOT NULL,
    version            BIGINT        NOT NULL DEFAULT 0
);

CREATE TABLE provider_stake (
    id           UUID          PRIMARY KEY,
    provider     VARCHAR(100)  NOT NULL REFERENCES provider_account (provider),
    wallet       VARCHAR(42)   NOT NULL,
    amount_wei   NUMERIC(78,0) NOT NULL CHECK (amount_wei > 0),
    created_at   TIMESTAMPTZ   NOT NULL,
    tx_hash      VARCHAR(66),
    block_number BIGINT
);

-- Settlement of an order's escrow and its itemised bill (lines sum to the lock).
CREATE TABLE settlement (
    order_id          UUID          PRIMARY KEY REFERENCES training_order (id),
    state             VARCHAR(20)   NOT NULL,
    locked_wei        NUMERIC(78,0) NOT NULL CHECK (locked_wei > 0),
    providers_wei     NUMERIC(78,0) NOT NULL CHECK (providers_wei >= 0),
    data_fee_wei      NUMERIC(78,0) NOT NULL CHECK (data_fee_wei >= 0),
    refund_wei        NUMERIC(78,0) NOT NULL CHECK (refund_wei >= 0),
    usage_id          UUID,
    usage_digest      VARCHAR(66),
    verify_tx_hash    VARCHAR(66),
    challenge_ends_at TIMESTAMPTZ,
    release_tx_hash   VARCHAR(66),
    release_block     BIGINT,
    created_at        TIMESTAMPTZ   NOT NULL,
    settled_at        TIMESTAMPTZ,
    version           BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT settlement_balanced CHECK (providers_wei + data_fee_wei + refund_wei = locked_wei)
);

CREATE TABLE settlement_line (
    order_id     UUID          NOT NULL REFERENCES settlement (order_id),
    position     INTEGER       NOT NULL,
    kind         VARCHAR(20)   NOT NULL,
    party        VARCHAR(100)  NOT NULL,
    wallet       VARCHAR(42),
    sample_steps BIGINT,
    amount_wei   NUMERIC(78,0) NOT NULL CHECK (amount_wei >= 0),
    note         VARCHAR(500),
    PRIMARY KEY (order_id, position)
);
