-- A labelled image dataset registered from two IDX blobs (images, labels).
CREATE TABLE dataset (
    id            UUID         PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    images_cid    VARCHAR(59)  NOT NULL,
    labels_cid    VARCHAR(59)  NOT NULL,
    sample_count  INTEGER      NOT NULL CHECK (sample_count > 0),
    image_rows    INTEGER      NOT NULL CHECK (image_rows > 0),
    image_columns INTEGER      NOT NULL CHECK (image_columns > 0),
    classes       INTEGER      NOT NULL CHECK (classes >= 2),
    label_histogram VARCHAR(2000) NOT NULL,
    owner         VARCHAR(255) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT dataset_content_unique UNIQUE (images_cid, labels_cid)
);
