-- Local room aliases (#name:server) and who made them (they may delete them).
CREATE TABLE room_aliases (
    alias TEXT PRIMARY KEY,
    room_id TEXT NOT NULL,
    creator TEXT NOT NULL
);

CREATE INDEX room_aliases_by_room ON room_aliases (room_id);
