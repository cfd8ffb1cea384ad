-- Orders carry conditions and a price (DKLabs, seed 002, Section 7.2 item 1; issue 5 items 1 and 3); the matching
-- engine picks the cheapest bids that satisfy them (price-time priority, partial fills) and the match is recorded
-- with the prices used. Amounts in wei, capacities in samples/s, work in sample-steps.
ALTER TABLE training_order ADD COLUMN sample_steps BIGINT;
ALTER TABLE training_order ADD COLUMN min_capacity BIGINT CHECK (min_capacity > 0);
ALTER TABLE training_order ADD COLUMN max_duration_seconds BIGINT CHECK (max_duration_seconds > 0);
ALTER TABLE training_order ADD COLUMN max_price_wei NUMERIC(78,0) CHECK (max_price_wei > 0);
ALTER TABLE training_order ADD COLUMN regions VARCHAR(1000);
ALTER TABLE training_order ADD COLUMN verification_tier VARCHAR(20) NOT NULL DEFAULT 'none';
ALTER TABLE training_order ADD COLUMN consumer_wallet VARCHAR(42);
ALTER TABLE training_order ADD COLUMN match_note VARCHAR(1000);
ALTER TABLE training_order ADD COLUMN escrow_tx_hash VARCHAR(66);
ALTER TABLE training_order ADD COLUMN escrow_block BIGINT;

CREATE TABLE order_match (
    order_id          UUID          PRIMARY KEY REFERENCES training_order (id),
    sample_steps      BIGINT        NOT NULL CHECK (sample_steps > 0),
    total_capacity    BIGINT        NOT NULL CHECK (total_capacity > 0),
    total_cost_wei    NUMERIC(78,0) NOT NULL CHECK (total_cost_wei >= 0),
    estimated_seconds BIGINT        NOT NULL,
    book_sequence     BIGINT        NOT NULL,
    matched_at        TIMESTAMPTZ   NOT NULL
);

CREATE TABLE order_match_fill (
    order_id                       UUID          NOT NULL REFERENCES order_match (order_id),
    position                       INTEGER       NOT NULL,
    bid_id                         UUID          NOT NULL REFERENCES bid (id),
    provider                       VARCHAR(100)  NOT NULL,
    runner_ids                     VARCHAR(2000) NOT NULL,
    capacity                       BIGINT        NOT NULL CHECK (capacity > 0),
    sample_steps                   BIGINT        NOT NULL CHECK (sample_steps >= 0),
    price_per_kilo_sample_step_wei NUMERIC(78,0) NOT NULL,
    cost_wei                       NUMERIC(78,0) NOT NULL CHECK (cost_wei >= 0),
    PRIMARY KEY (order_id, position)
);
