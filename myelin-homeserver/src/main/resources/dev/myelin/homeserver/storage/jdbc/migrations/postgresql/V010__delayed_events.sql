-- MSC4140 delayed events. A row is 'scheduled' until it is sent, cancelled or fails; finalised rows are kept a while
-- so owners can still look them up. Sending claims the row and appends the event in one transaction, so a crash
-- either sends it once or leaves it scheduled.
CREATE TABLE delayed_events (
    delay_id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    txn_id TEXT,
    room_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    state_key TEXT,
    content TEXT NOT NULL,
    delay_ms BIGINT NOT NULL,
    send_ts BIGINT NOT NULL,
    status TEXT NOT NULL,
    finalised_ts BIGINT,
    event_id TEXT,
    error TEXT
);

CREATE INDEX delayed_events_due ON delayed_events (status, send_ts);
CREATE INDEX delayed_events_by_user ON delayed_events (user_id, status, send_ts);
CREATE INDEX delayed_events_by_state_key ON delayed_events (room_id, event_type, state_key, status);
CREATE UNIQUE INDEX delayed_events_txn ON delayed_events (user_id, device_id, txn_id);
