-- Idempotency keys of the REST API (issue 11 item 5): a POST with an Idempotency-Key header is executed once per
-- (principal, method, path, key); its answer is stored and replayed to a retry with the same body. A row without
-- completed_at is a request in progress (claimed, not answered yet). Rows older than
-- TRAINEX_IDEMPOTENCY_TTL_SECONDS (default 24 h) are treated as absent and purged.
CREATE TABLE idempotency_key (
    principal     VARCHAR(255)  NOT NULL,
    method        VARCHAR(10)   NOT NULL,
    path          VARCHAR(1000) NOT NULL,
    idem_key      VARCHAR(255)  NOT NULL,
    body_sha256   CHAR(64)      NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL DEFAULT now(),
    completed_at  TIMESTAMPTZ,
    status        INTEGER,
    content_type  VARCHAR(255),
    location      VARCHAR(2000),
    body          BYTEA,
    PRIMARY KEY (principal, method, path, idem_key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
