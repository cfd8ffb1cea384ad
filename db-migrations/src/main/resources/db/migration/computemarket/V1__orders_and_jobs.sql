-- Training orders placed by consumers and the jobs that execute them.
CREATE TABLE training_order (
    id               UUID         PRIMARY KEY,
    consumer         VARCHAR(255) NOT NULL,
    train_dataset_id UUID         NOT NULL,
    test_dataset_id  UUID         NOT NULL,
    model_config     TEXT         NOT NULL,
    model_name       VARCHAR(200) NOT NULL,
    epochs           INTEGER      NOT NULL CHECK (epochs >= 1),
    batch_size       INTEGER      NOT NULL CHECK (batch_size >= 1),
    seed             BIGINT       NOT NULL,
    state            VARCHAR(20)  NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL,
    version          BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX training_order_consumer_idx ON training_order (consumer);

CREATE TABLE training_job (
    id                      UUID         PRIMARY KEY,
    order_id                UUID         NOT NULL UNIQUE REFERENCES training_order (id),
    state                   VARCHAR(20)  NOT NULL,
    train_task_id           UUID         NOT NULL UNIQUE,
    eval_task_id            UUID         UNIQUE,
    runner_id               VARCHAR(255),
    eval_runner_id          VARCHAR(255),
    model_cid               VARCHAR(59),
    samples_trained         BIGINT,
    epochs_trained          INTEGER,
    train_loss              DOUBLE PRECISION,
    train_samples_per_second DOUBLE PRECISION,
    train_wall_millis       BIGINT,
    test_samples            BIGINT,
    test_accuracy           DOUBLE PRECISION,
    test_loss               DOUBLE PRECISION,
    eval_wall_millis        BIGINT,
    progress_epoch          INTEGER,
    progress_epochs         INTEGER,
    progress_samples_done   BIGINT,
    progress_samples_total  BIGINT,
    progress_loss           DOUBLE PRECISION,
    progress_samples_per_second DOUBLE PRECISION,
    progress_eta_seconds    BIGINT,
    failure                 VARCHAR(2000),
    created_at              TIMESTAMPTZ  NOT NULL,
    trained_at              TIMESTAMPTZ,
    completed_at            TIMESTAMPTZ,
    updated_at              TIMESTAMPTZ  NOT NULL,
    version                 BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX training_job_state_idx ON training_job (state);
