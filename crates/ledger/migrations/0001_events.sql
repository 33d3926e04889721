-- The ledger's first schema. One SQL text for SQLite and PostgreSQL: only types both read the
-- same way (TEXT, BIGINT), no auto-increment, no engine-specific defaults.

-- Every normalized event (docs/spec/events.md). The primary key is the event's identity on its
-- chain, so a re-read range or an overlapping sync inserts nothing twice.
CREATE TABLE ledger_events (
    family       TEXT   NOT NULL,
    network      TEXT   NOT NULL,
    tx           TEXT   NOT NULL,
    event_index  BIGINT NOT NULL,
    part         BIGINT NOT NULL,
    contract     TEXT   NOT NULL,
    block_number BIGINT NOT NULL,
    block_hash   TEXT   NOT NULL,
    block_time   BIGINT NOT NULL,
    tx_position  BIGINT NOT NULL,
    kind         TEXT   NOT NULL,
    token        TEXT,
    fields       TEXT   NOT NULL,
    raw          TEXT   NOT NULL,
    -- The sync source that wrote the row: a reorganisation rolls back only its own rows.
    source       TEXT   NOT NULL,
    PRIMARY KEY (family, network, tx, event_index, part)
);

-- Chain order, for cap tables and histories.
CREATE INDEX ledger_events_order
    ON ledger_events (family, network, block_number, tx_position, event_index, part);
CREATE INDEX ledger_events_token ON ledger_events (token, block_number);
CREATE INDEX ledger_events_source ON ledger_events (source, block_number);

-- One row per sync source (a deployment's contracts on one network): the first block not read
-- yet. It moves in the same transaction as the rows it covers.
CREATE TABLE ledger_cursors (
    source     TEXT   NOT NULL PRIMARY KEY,
    family     TEXT   NOT NULL,
    network    TEXT   NOT NULL,
    next_block BIGINT NOT NULL
);

-- Blocks read while still within the confirmation depth, with the hash they had: when the chain
-- disagrees later, the source's rows from the first differing block on are rolled back.
CREATE TABLE ledger_blocks (
    source       TEXT   NOT NULL,
    block_number BIGINT NOT NULL,
    block_hash   TEXT   NOT NULL,
    PRIMARY KEY (source, block_number)
);
