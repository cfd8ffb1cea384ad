-- The dispatch probe is an operator's benchmark harness, not part of the compute market (issue 12 item 4): its tables
-- move from the computemarket schema (where computemarket V5 created them) to the operations context's own schema,
-- with their rows, indexes and keys.
ALTER TABLE computemarket.dispatch_probe SET SCHEMA operations;
ALTER TABLE computemarket.dispatch_probe_batch SET SCHEMA operations;
ALTER TABLE computemarket.dispatch_probe_result SET SCHEMA operations;
