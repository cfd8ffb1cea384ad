-- Domain events each consumer has handled (issue 12 item 1; ADR 0013). JMS delivers at least once; a consumer
-- inserts (event, consumer) in the transaction that handles the event, so a redelivered event changes nothing.
CREATE TABLE processed_event (
    event_id     UUID         NOT NULL,
    consumer     VARCHAR(100) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (event_id, consumer)
);
