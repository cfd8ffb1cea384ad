-- What each dispatched task names (issue 11 item 6; ADR 0012): a runner may download a blob only for a task that
-- names it, has no recorded result yet, and is untargeted or targeted at that runner. Written by the dispatcher in
-- the transaction that sends the task; the first download of the task records who fetched and when (the start of
-- the exchange's own throughput measurement); the result consumer closes the task.
CREATE TABLE task_grant (
    task_id        UUID         PRIMARY KEY,
    target_runner  VARCHAR(100),
    content_ids    VARCHAR(59)[] NOT NULL,
    dispatched_at  TIMESTAMPTZ  NOT NULL,
    fetched_by     VARCHAR(100),
    first_fetch_at TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX task_grant_open_idx ON task_grant (dispatched_at) WHERE finished_at IS NULL;
