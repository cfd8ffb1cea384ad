-- Consumers' payment wallets (issue 11 item 1): a priced order locks its maximum price from the consumer's own
-- ComputeEscrow deposit, never from the exchange's account; refunds go back to the same wallet. Linked by an
-- EIP-191 signature; one consumer per wallet.
CREATE TABLE consumer_account (
    consumer   VARCHAR(100) PRIMARY KEY,
    wallet     VARCHAR(42)  NOT NULL,
    linked_at  TIMESTAMPTZ  NOT NULL,
    version    BIGINT       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX consumer_account_wallet ON consumer_account (lower(wallet));
CREATE INDEX training_order_consumer_wallet ON training_order (lower(consumer_wallet));

-- Provider stakes are sent by the providers from their own wallets (ComputeEscrow.stake); the exchange mirrors
-- what the chain shows. A provider_stake row is now one observed change of the on-chain active stake: positive
-- (staked) or negative (unstaked or slashed), never zero.
ALTER TABLE provider_stake DROP CONSTRAINT provider_stake_amount_wei_check;
ALTER TABLE provider_stake ADD CONSTRAINT provider_stake_amount_wei_check CHECK (amount_wei <> 0);
