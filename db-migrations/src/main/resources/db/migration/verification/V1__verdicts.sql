-- The verification context (issue 12 item 2): one verdict per ended training job. Tier 'none' is VERIFIED at once;
-- Proof of Learning ('pol') and redundancy ('redundant') arrive with the verification issues.
CREATE TABLE verdict (
    job_id        UUID         PRIMARY KEY,
    order_id      UUID         NOT NULL,
    job_succeeded BOOLEAN      NOT NULL,
    tier          VARCHAR(20)  NOT NULL,
    outcome       VARCHAR(20)  NOT NULL CHECK (outcome IN ('VERIFIED', 'PENDING')),
    note          VARCHAR(500) NOT NULL,
    decided_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX verdict_order_idx ON verdict (order_id);
