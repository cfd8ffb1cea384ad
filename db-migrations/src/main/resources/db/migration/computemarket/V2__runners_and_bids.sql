-- Providers' runners and their bids (DKLabs, seed 002, Section 7.2; issue 5 item 2). A runner measures its
-- capacity (samples/s on the reference model) when it joins, reports region and hardware, and sends heartbeats;
-- the exchange spot-checks the claim against the throughput its training results show. Providers bid capacity
-- at a price per 1,000 sample-steps (wei) for a validity window.
CREATE TABLE runner (
    id                VARCHAR(100)     PRIMARY KEY,
    provider          VARCHAR(100)     NOT NULL,
    region            VARCHAR(100)     NOT NULL,
    hardware          VARCHAR(500)     NOT NULL,
    claimed_capacity  DOUBLE PRECISION NOT NULL CHECK (claimed_capacity > 0),
    observed_capacity DOUBLE PRECISION CHECK (observed_capacity > 0),
    measured_on       VARCHAR(200)     NOT NULL,
    registered_at     TIMESTAMPTZ      NOT NULL,
    last_heartbeat    TIMESTAMPTZ      NOT NULL,
    busy              BOOLEAN          NOT NULL DEFAULT FALSE,
    current_task      UUID,
    state             VARCHAR(20)      NOT NULL,
    version           BIGINT           NOT NULL DEFAULT 0
);
CREATE INDEX runner_provider_idx ON runner (provider);

CREATE SEQUENCE bid_sequence;
CREATE TABLE bid (
    id                             UUID          PRIMARY KEY,
    provider                       VARCHAR(100)  NOT NULL,
    runner_ids                     VARCHAR(2000) NOT NULL,
    price_per_kilo_sample_step_wei NUMERIC(78,0) NOT NULL CHECK (price_per_kilo_sample_step_wei > 0),
    capacity                       BIGINT        NOT NULL CHECK (capacity > 0),
    remaining_capacity             BIGINT        NOT NULL CHECK (remaining_capacity >= 0),
    region                         VARCHAR(100)  NOT NULL,
    valid_from                     TIMESTAMPTZ   NOT NULL,
    valid_until                    TIMESTAMPTZ   NOT NULL,
    posted_at                      TIMESTAMPTZ   NOT NULL,
    sequence                       BIGINT        NOT NULL UNIQUE,
    state                          VARCHAR(20)   NOT NULL,
    version                        BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT bid_window CHECK (valid_from < valid_until)
);
CREATE INDEX bid_open_idx ON bid (state, price_per_kilo_sample_step_wei, posted_at);
