-- Checkpoints: a contract's folded state (crates/ledger/src/holdings.rs) after its events up to
-- a block, written by the sync every so many events, so a cap table at any point folds only the
-- events after the nearest one. Derived data: deleting them loses nothing (the next sync of
-- the contract writes new ones; views fold from the events meanwhile).
CREATE TABLE ledger_checkpoints (
    family       TEXT   NOT NULL,
    network      TEXT   NOT NULL,
    contract     TEXT   NOT NULL,
    -- The state covers the contract's events in blocks up to this one.
    block_number BIGINT NOT NULL,
    -- The time of the last event folded (a view at a time picks checkpoints up to it).
    state_time   BIGINT NOT NULL,
    state        TEXT   NOT NULL,
    PRIMARY KEY (family, network, contract, block_number)
);

-- A contract's events in chain order (checkpoints, cap tables, histories).
CREATE INDEX ledger_events_contract
    ON ledger_events (family, network, contract, block_number, tx_position, event_index, part);
