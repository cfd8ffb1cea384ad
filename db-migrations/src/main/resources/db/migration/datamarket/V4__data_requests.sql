-- Data requests posted by initiators and the proposals contributors submit to them (DataBright, seed 000,
-- Section 2). Proposals are checked against the request's schema before they are stored.
CREATE TABLE data_request (
    id                    UUID          PRIMARY KEY,
    initiator             VARCHAR(255)  NOT NULL,
    title                 VARCHAR(200)  NOT NULL,
    description           VARCHAR(4000) NOT NULL,
    image_rows            INTEGER       NOT NULL CHECK (image_rows > 0),
    image_columns         INTEGER       NOT NULL CHECK (image_columns > 0),
    label_set             VARCHAR(1000) NOT NULL,
    target_samples        INTEGER       NOT NULL CHECK (target_samples > 0),
    vote_threshold_bp     INTEGER       NOT NULL CHECK (vote_threshold_bp BETWEEN 1 AND 10000),
    quorum_bp             INTEGER       NOT NULL CHECK (quorum_bp BETWEEN 0 AND 10000),
    voting_period_seconds BIGINT        NOT NULL CHECK (voting_period_seconds > 0),
    deadline              TIMESTAMPTZ   NOT NULL,
    state                 VARCHAR(20)   NOT NULL,
    created_at            TIMESTAMPTZ   NOT NULL,
    closed_at             TIMESTAMPTZ,
    version               BIGINT        NOT NULL DEFAULT 0
);

CREATE TABLE data_proposal (
    id                 UUID          PRIMARY KEY,
    request_id         UUID          NOT NULL REFERENCES data_request (id),
    contributor        VARCHAR(255)  NOT NULL,
    contributor_wallet VARCHAR(42)   NOT NULL,
    images_cid         VARCHAR(59)   NOT NULL,
    labels_cid         VARCHAR(59)   NOT NULL,
    sample_count       INTEGER       NOT NULL CHECK (sample_count > 0),
    label_histogram    VARCHAR(2000) NOT NULL,
    license            VARCHAR(100)  NOT NULL,
    state              VARCHAR(20)   NOT NULL,
    created_at         TIMESTAMPTZ   NOT NULL,
    version            BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT data_proposal_content_unique UNIQUE (request_id, images_cid, labels_cid)
);
CREATE INDEX data_proposal_request_idx ON data_proposal (request_id, created_at);
