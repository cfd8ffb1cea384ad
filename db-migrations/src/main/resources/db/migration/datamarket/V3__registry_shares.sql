-- The ShareToken mint of a batch's contributor shares (one ERC-1155 id per registry), recorded on confirmation.
ALTER TABLE registry_batch ADD COLUMN shares_tx_hash VARCHAR(66);
ALTER TABLE registry_batch ADD COLUMN shares_block_number BIGINT;
