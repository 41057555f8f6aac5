-- A room's membership changes by position: what changed since a sync token is found without walking every member
-- of the room (a call room has a thousand).
CREATE INDEX current_state_by_position ON current_state (room_id, type, stream_ordering);
