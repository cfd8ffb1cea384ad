-- Content-addressed blobs (DESIGN.md, "Content addressing"): the bytes live in the blob store,
-- this table is the index. cid is the CIDv1 (raw, sha2-256) of the bytes.
CREATE TABLE blob (
    cid          VARCHAR(59)  PRIMARY KEY,
    size_bytes   BIGINT       NOT NULL CHECK (size_bytes >= 0),
    uploaded_by  VARCHAR(255) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);
