-- Tabular data (issue 4 item 1): a data request's schema is either IDX images of a given size with a label set,
-- or CSV with named columns, one of them the label column. CSV proposals and datasets keep their one CSV blob in
-- both images_cid and labels_cid.
ALTER TABLE data_request ADD COLUMN schema_format VARCHAR(20) NOT NULL DEFAULT 'IDX_IMAGES'
    CHECK (schema_format IN ('IDX_IMAGES', 'CSV'));
ALTER TABLE data_request ADD COLUMN csv_columns VARCHAR(4000);
ALTER TABLE data_request ADD COLUMN csv_label_column VARCHAR(100);
ALTER TABLE data_proposal ADD COLUMN format VARCHAR(20) NOT NULL DEFAULT 'IDX_IMAGES'
    CHECK (format IN ('IDX_IMAGES', 'CSV'));
ALTER TABLE dataset ADD COLUMN format VARCHAR(20) NOT NULL DEFAULT 'IDX_IMAGES'
    CHECK (format IN ('IDX_IMAGES', 'CSV'));
