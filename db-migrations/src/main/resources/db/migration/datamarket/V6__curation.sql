-- Curation (DataBright, seed 000, Section 2; issue 4 item 3). Curators vote yes/no on proposals during the voting
-- period with their CuratorToken voting power at the proposal's snapshot block, read from the chain's checkpoints.
-- Weights are token base units (18 decimals) stored as NUMERIC(78,0) (uint256 range).

-- A curator's SSO account and the wallet it proved it controls (EIP-191 signature of a link message).
CREATE TABLE curator_account (
    username   VARCHAR(255) PRIMARY KEY,
    wallet     VARCHAR(42)  NOT NULL UNIQUE,
    -- NULL: votes itself; 'ORACLE': the oracle casts its weight; else another curator's wallet
    delegate   VARCHAR(42),
    linked_at  TIMESTAMPTZ  NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL,
    version    BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT curator_no_self_delegation CHECK (delegate IS NULL OR delegate <> wallet)
);

-- Curator tokens the exchange granted (minted on chain through the outbox).
CREATE TABLE curator_token_grant (
    id           UUID          PRIMARY KEY,
    holder       VARCHAR(42)   NOT NULL,
    amount       NUMERIC(78,0) NOT NULL CHECK (amount > 0),
    granted_by   VARCHAR(255)  NOT NULL,
    created_at   TIMESTAMPTZ   NOT NULL,
    tx_hash      VARCHAR(66),
    block_number BIGINT
);

-- The voting window of each proposal and its outcome.
ALTER TABLE data_proposal ADD COLUMN snapshot_block BIGINT;
ALTER TABLE data_proposal ADD COLUMN voting_opened_at TIMESTAMPTZ;
ALTER TABLE data_proposal ADD COLUMN voting_ends TIMESTAMPTZ;
ALTER TABLE data_proposal ADD COLUMN yes_votes NUMERIC(78,0);
ALTER TABLE data_proposal ADD COLUMN no_votes NUMERIC(78,0);
ALTER TABLE data_proposal ADD COLUMN supply_at_snapshot NUMERIC(78,0);
ALTER TABLE data_proposal ADD COLUMN decided_at TIMESTAMPTZ;
ALTER TABLE data_proposal ADD COLUMN decision_note VARCHAR(2000);
ALTER TABLE data_proposal ADD COLUMN accepted_dataset_id UUID;
ALTER TABLE data_proposal ADD COLUMN ballots_root VARCHAR(66);
ALTER TABLE data_proposal ADD COLUMN tally_tx_hash VARCHAR(66);
ALTER TABLE data_proposal ADD COLUMN tally_block BIGINT;
CREATE INDEX data_proposal_voting_idx ON data_proposal (state, voting_ends);

-- Votes cast directly by curators; weight = voting power at the snapshot block. One per wallet and proposal.
CREATE TABLE curation_vote (
    id           UUID          PRIMARY KEY,
    proposal_id  UUID          NOT NULL REFERENCES data_proposal (id),
    username     VARCHAR(255)  NOT NULL,
    wallet       VARCHAR(42)   NOT NULL,
    support      BOOLEAN       NOT NULL,
    weight       NUMERIC(78,0) NOT NULL CHECK (weight > 0),
    cast_at      TIMESTAMPTZ   NOT NULL,
    CONSTRAINT curation_vote_once_per_wallet UNIQUE (proposal_id, wallet),
    CONSTRAINT curation_vote_once_per_account UNIQUE (proposal_id, username)
);

-- The final ballots of a tally, one per weight source (a voter, or a delegator whose delegate voted); anchored as
-- a Merkle root on CurationVoting so each can be checked against the token's checkpoints.
CREATE TABLE curation_ballot (
    proposal_id UUID          NOT NULL REFERENCES data_proposal (id),
    holder      VARCHAR(42)   NOT NULL,
    support     BOOLEAN       NOT NULL,
    weight      NUMERIC(78,0) NOT NULL CHECK (weight > 0),
    cast_by     VARCHAR(42)   NOT NULL, -- the holder itself, its delegate's wallet, or 'ORACLE'
    PRIMARY KEY (proposal_id, holder)
);
