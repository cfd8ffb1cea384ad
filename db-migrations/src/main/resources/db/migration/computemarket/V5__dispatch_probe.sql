-- Dispatch probes (issue 5 item 8): an operator's measurement of dispatch throughput end to end. A probe dispatches
-- `chunks` noop tasks in batches (one transaction each); runners answer each at once; every result is recorded
-- once per chunk. Instants are the exchange's clock (UTC); chunk numbers (seq) run 1..chunks and map to task ids
-- (DispatchProbe#taskId).
CREATE TABLE dispatch_probe (
    id                UUID         PRIMARY KEY,
    chunks            INTEGER      NOT NULL CHECK (chunks BETWEEN 1 AND 1000000),
    batch_size        INTEGER      NOT NULL CHECK (batch_size > 0),
    dispatched        INTEGER      NOT NULL DEFAULT 0,
    requested_by      VARCHAR(100) NOT NULL,
    started_at        TIMESTAMPTZ  NOT NULL,
    first_dispatch_at TIMESTAMPTZ,
    last_dispatch_at  TIMESTAMPTZ,
    cancelled_at      TIMESTAMPTZ,
    CONSTRAINT dispatch_probe_dispatched CHECK (dispatched BETWEEN 0 AND chunks)
);
CREATE INDEX dispatch_probe_started_idx ON dispatch_probe (started_at);

-- One row per dispatch transaction: chunks [first_seq, first_seq + chunks) went out at dispatched_at.
CREATE TABLE dispatch_probe_batch (
    probe_id      UUID        NOT NULL REFERENCES dispatch_probe (id),
    batch_no      INTEGER     NOT NULL CHECK (batch_no >= 0),
    first_seq     INTEGER     NOT NULL CHECK (first_seq >= 1),
    chunks        INTEGER     NOT NULL CHECK (chunks >= 1),
    dispatched_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (probe_id, batch_no)
);

-- One row per chunk with a result: the primary key makes recording idempotent (INSERT ... ON CONFLICT DO NOTHING),
-- so a redelivered or duplicate result counts once. No foreign key to dispatch_probe on purpose: the insert checks
-- the probe itself (INSERT ... SELECT), and a foreign key would take a share lock on the probe row for every result,
-- which the many concurrent result transactions would contend on (and with the dispatcher's row lock).
CREATE TABLE dispatch_probe_result (
    probe_id    UUID         NOT NULL,
    seq         INTEGER      NOT NULL CHECK (seq >= 1),
    task_id     UUID         NOT NULL,
    runner_id   VARCHAR(100) NOT NULL,
    succeeded   BOOLEAN      NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (probe_id, seq)
);
