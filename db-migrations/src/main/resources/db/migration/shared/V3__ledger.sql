-- The double-entry ledger (DESIGN.md, "Money is never lost"): every movement of money is one journal whose
-- postings sum to zero, written in the same transaction as the domain change that causes it. Amounts are wei
-- (NUMERIC(78,0)): positive = credit to the account, negative = debit.
CREATE TABLE ledger_journal (
    id          UUID          PRIMARY KEY,
    kind        VARCHAR(40)   NOT NULL,
    reference   VARCHAR(100)  NOT NULL,
    memo        VARCHAR(500)  NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL,
    CONSTRAINT ledger_journal_once UNIQUE (kind, reference)
);

CREATE TABLE ledger_posting (
    id         BIGSERIAL     PRIMARY KEY,
    journal_id UUID          NOT NULL REFERENCES ledger_journal (id),
    account    VARCHAR(100)  NOT NULL,
    amount     NUMERIC(78,0) NOT NULL CHECK (amount <> 0)
);
CREATE INDEX ledger_posting_account_idx ON ledger_posting (account);

-- A journal must balance: checked when its transaction commits (deferred), so postings can be added one by one.
CREATE FUNCTION ledger_journal_balanced() RETURNS trigger AS $$
DECLARE
    total NUMERIC;
BEGIN
    SELECT COALESCE(SUM(amount), 0) INTO total FROM shared.ledger_posting WHERE journal_id = NEW.journal_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'ledger journal % does not balance: postings sum to % wei', NEW.journal_id, total;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER ledger_posting_balanced AFTER INSERT OR UPDATE ON ledger_posting
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_journal_balanced();
