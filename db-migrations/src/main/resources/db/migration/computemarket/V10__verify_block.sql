-- A settlement's markVerified receipt is a whole ChainReceipt (issue 12 item 5): its block beside its hash.
ALTER TABLE settlement ADD COLUMN verify_block BIGINT;
