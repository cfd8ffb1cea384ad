-- The oracle (DataBright, seed 000, Section 2: curators may delegate their vote to an oracle classifier): a data
-- request may name a reference dataset; each proposal is then checked by a runner that predicts a sample of its
-- labels. Agreement below the request's threshold is a "no"; without a reference the oracle abstains.
ALTER TABLE data_request ADD COLUMN reference_dataset_id UUID;
ALTER TABLE data_request ADD COLUMN oracle_threshold_bp INTEGER NOT NULL DEFAULT 5000
    CHECK (oracle_threshold_bp BETWEEN 0 AND 10000);
ALTER TABLE data_proposal ADD COLUMN oracle_task_id UUID;
ALTER TABLE data_proposal ADD COLUMN oracle_vote VARCHAR(20) NOT NULL DEFAULT 'ABSTAIN';
ALTER TABLE data_proposal ADD COLUMN oracle_agreement DOUBLE PRECISION;
ALTER TABLE data_proposal ADD COLUMN oracle_model_cid VARCHAR(59);
ALTER TABLE data_proposal ADD COLUMN oracle_note VARCHAR(2000);
