-- Usage and dividends (DataBright, seed 000, Section 2; issue 4 item 5): a training job records exactly which
-- registry entries it used and how many samples of each; its data fee (wei) is split pro rata to samples used,
-- each entry's share going to its contributor (the entry's shareholder), as ledger postings and on chain.
CREATE TABLE data_usage (
    id            UUID          PRIMARY KEY,
    reference     VARCHAR(100)  NOT NULL UNIQUE, -- the job (or the admin's reference) that used the data
    payer         VARCHAR(100)  NOT NULL,        -- ledger account that pays the fee
    data_fee_wei  NUMERIC(78,0) NOT NULL CHECK (data_fee_wei > 0),
    usage_digest  VARCHAR(66)   NOT NULL,
    recorded_by   VARCHAR(255)  NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL,
    tx_hash       VARCHAR(66),
    block_number  BIGINT,
    paid_at       TIMESTAMPTZ,
    version       BIGINT        NOT NULL DEFAULT 0
);

CREATE TABLE data_usage_line (
    usage_id           UUID          NOT NULL REFERENCES data_usage (id),
    entry_id           UUID          NOT NULL,
    samples_used       BIGINT        NOT NULL CHECK (samples_used > 0),
    contributor_wallet VARCHAR(42)   NOT NULL,
    dividend_wei       NUMERIC(78,0) NOT NULL CHECK (dividend_wei >= 0),
    PRIMARY KEY (usage_id, entry_id)
);
CREATE INDEX data_usage_line_wallet_idx ON data_usage_line (contributor_wallet);
