-- Runner identities (issue 11 item 6; ADR 0012). A provider issues each of its runners its own key, bound to the
-- runner id and the provider; the key is shown once and only its SHA-256 is kept. One key per runner: issuing again
-- replaces it, revoking ends it. A runner id belongs to the provider that first issued a key for it.
CREATE TABLE runner_key (
    runner_id   VARCHAR(100) PRIMARY KEY,
    provider    VARCHAR(100) NOT NULL,
    key_sha256  VARCHAR(64),
    issued_at   TIMESTAMPTZ  NOT NULL,
    revoked_at  TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    version     BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT runner_key_live CHECK ((key_sha256 IS NULL) = (revoked_at IS NOT NULL))
);
CREATE UNIQUE INDEX runner_key_hash_idx ON runner_key (key_sha256) WHERE key_sha256 IS NOT NULL;
CREATE INDEX runner_key_provider_idx ON runner_key (provider);

-- The exchange's own throughput measurement of a runner's results (samples/s, moving average): sample-steps over
-- the time from the task's first blob download to its recorded result. Caps what a runner is matched by.
ALTER TABLE runner ADD COLUMN measured_capacity DOUBLE PRECISION CHECK (measured_capacity > 0);
