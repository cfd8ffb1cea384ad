-- Issue 11 (trust holes of the data market).
-- 1. Requests can be closed by their initiator or an admin; proposals withdrawn by their contributor.
ALTER TABLE data_request ADD COLUMN closed_by VARCHAR(255);
ALTER TABLE data_proposal ADD COLUMN withdrawn_at TIMESTAMPTZ;
-- The voting period is bounded at the API (1 s .. 90 days); the database holds the same bound.
ALTER TABLE data_request ADD CONSTRAINT data_request_voting_period_bound
    CHECK (voting_period_seconds BETWEEN 1 AND 7776000) NOT VALID;

-- 2. The oracle's relative threshold: agreement / the oracle model's accuracy on held-out reference samples must
--    reach it (basis points; 0 = only the absolute threshold). See docs/oracle-calibration.md.
ALTER TABLE data_request ADD COLUMN oracle_relative_threshold_bp INTEGER NOT NULL DEFAULT 0
    CHECK (oracle_relative_threshold_bp BETWEEN 0 AND 10000);
ALTER TABLE data_proposal ADD COLUMN oracle_reference_accuracy DOUBLE PRECISION;

-- 3. Registry entries made by an admin outside curation are marked as such (null: entered by curation).
ALTER TABLE registry_entry ADD COLUMN entered_by VARCHAR(255);

-- 4. Digests of the samples of accepted registry data (first 16 bytes of SHA-256 of each image's pixels, or of a
--    CSV row's features): a proposal duplicating them is refused with the count. One row per distinct sample;
--    the primary key is the lookup index.
CREATE TABLE accepted_sample (
    digest     BYTEA NOT NULL PRIMARY KEY CHECK (octet_length(digest) = 16),
    dataset_id UUID  NOT NULL REFERENCES dataset (id)
);
CREATE INDEX accepted_sample_dataset_idx ON accepted_sample (dataset_id);
