-- MSC4354 sticky events: when an event stops being sticky (origin_server_ts + min(duration, 1 h)); null if never.
ALTER TABLE events ADD COLUMN sticky_expires_ts BIGINT;

CREATE INDEX events_sticky ON events (room_id, sticky_expires_ts, stream_ordering);

-- A delayed event may ask to be sticky once sent.
ALTER TABLE delayed_events ADD COLUMN sticky_duration_ms BIGINT;
