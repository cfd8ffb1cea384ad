-- The governance context's identities (issue 12 item 2): one wallet per login and role, proven by an EIP-191
-- signature; a wallet is held by one login per role. Links made before this table existed are copied from the
-- contexts' accounts (where two providers shared a wallet, the first keeps it).
CREATE TABLE wallet_link (
    id        UUID         PRIMARY KEY,
    username  VARCHAR(255) NOT NULL,
    role      VARCHAR(20)  NOT NULL CHECK (role IN ('CONSUMER', 'PROVIDER', 'CURATOR', 'VALIDATOR', 'PEER')),
    wallet    VARCHAR(42)  NOT NULL,
    linked_at TIMESTAMPTZ  NOT NULL,
    version   BIGINT       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX wallet_link_login ON wallet_link (username, role);
CREATE UNIQUE INDEX wallet_link_wallet ON wallet_link (role, lower(wallet));

INSERT INTO wallet_link (id, username, role, wallet, linked_at)
SELECT gen_random_uuid(), consumer, 'CONSUMER', wallet, linked_at FROM computemarket.consumer_account
ON CONFLICT DO NOTHING;
INSERT INTO wallet_link (id, username, role, wallet, linked_at)
SELECT gen_random_uuid(), provider, 'PROVIDER', wallet, updated_at FROM computemarket.provider_account
ORDER BY updated_at
ON CONFLICT DO NOTHING;
INSERT INTO wallet_link (id, username, role, wallet, linked_at)
SELECT gen_random_uuid(), username, 'CURATOR', wallet, linked_at FROM datamarket.curator_account
ON CONFLICT DO NOTHING;
