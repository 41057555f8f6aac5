package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.AliasRepository;
import dev.myelin.homeserver.storage.EventRepository;
import dev.myelin.homeserver.storage.RoomRecord;
import dev.myelin.homeserver.storage.RoomRepository;
import dev.myelin.homeserver.storage.StorageException;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomAlias;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rooms and events over shared SQL (INSERT ... RETURNING and ON CONFLICT work on SQLite and PostgreSQL alike). */
final class JdbcRoomEvents {
    private static final String EVENT_COLUMNS =
            "e.stream_ordering, e.event_id, e.room_id, e.type, e.state_key, e.sender, e.depth, e.origin_server_ts, e.pdu";

    private JdbcRoomEvents() {
    }

    static final class Rooms implements RoomRepository {
        private final Sql sql;

        Rooms(Sql sql) {
            this.sql = sql;
        }

        @Override
        public boolean create(RoomRecord room) {
            return sql.update("INSERT INTO rooms (room_id, room_version, creator, created_ts) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (room_id) DO NOTHING", room.roomId().toString(), room.roomVersion(),
                    room.creator().toString(), room.createdTs()) == 1;
        }

        @Override
        public Optional<RoomRecord> find(RoomId roomId) {
            return sql.one("SELECT room_id, room_version, creator, created_ts FROM rooms WHERE room_id = ?",
                    row -> new RoomRecord(RoomId.parse(row.getString(1)), row.getString(2),
                            UserId.parse(row.getString(3)), row.getLong(4)), roomId.toString());
        }
    }

    static final class Aliases implements AliasRepository {
        private final Sql sql;

        Aliases(Sql sql) {
            this.sql = sql;
        }

        @Override
        public boolean create(AliasRecord alias) {
            return sql.update("INSERT INTO room_aliases (alias, room_id, creator) VALUES (?, ?, ?) "
                    + "ON CONFLICT (alias) DO NOTHING", alias.alias().toString(), alias.roomId().toString(),
                    alias.creator().toString()) == 1;
        }

        @Override
        public Optional<AliasRecord> find(RoomAlias alias) {
            return sql.one("SELECT alias, room_id, creator FROM room_aliases WHERE alias = ?",
                    row -> new AliasRecord(RoomAlias.parse(row.getString(1)), RoomId.parse(row.getString(2)),
                            UserId.parse(row.getString(3))), alias.toString());
        }

        @Override
        public List<RoomAlias> forRoom(RoomId roomId) {
            return sql.list("SELECT alias FROM room_aliases WHERE room_id = ? ORDER BY alias",
                    row -> RoomAlias.parse(row.getString(1)), roomId.toString());
        }

        @Override
        public boolean delete(RoomAlias alias) {
            return sql.update("DELETE FROM room_aliases WHERE alias = ?", alias.toString()) == 1;
        }
    }

    static final class Events implements EventRepository {
        private final Sql sql;

        Events(Sql sql) {
            this.sql = sql;
        }

        @Override
        public StoredEvent append(StoredEvent event) {
            long position = sql.one("INSERT INTO events (event_id, room_id, type, state_key, sender, depth, "
                    + "origin_server_ts, pdu, sticky_expires_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "RETURNING stream_ordering",
                    row -> row.getLong(1), event.eventId(), event.roomId().toString(), event.type(),
                    event.stateKey().orElse(null), event.sender().toString(), event.depth(), event.originServerTs(),
                    Json.write(event.pdu()), event.stickyExpiresTs().isPresent()
                            ? (Object) event.stickyExpiresTs().getAsLong() : null)
                    .orElseThrow(() -> new StorageException("insert returned no position"));
            if (event.stateKey().isPresent()) {
                String membership = event.type().equals("m.room.member")
                        ? event.content().optionalString("membership").orElse(null)
                        : null;
                sql.update("INSERT INTO current_state (room_id, type, state_key, event_id, stream_ordering, membership) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (room_id, type, state_key) DO UPDATE SET "
                        + "event_id = excluded.event_id, stream_ordering = excluded.stream_ordering, "
                        + "membership = excluded.membership", event.roomId().toString(), event.type(),
                        event.stateKey().get(), event.eventId(), position, membership);
            }
            return event.withStreamOrdering(position);
        }

        @Override
        public Optional<StoredEvent> find(String eventId) {
            return sql.one("SELECT " + EVENT_COLUMNS + " FROM events e WHERE e.event_id = ?", Events::event, eventId);
        }

        @Override
        public void replacePdu(String eventId, JsonObject pdu) {
            sql.update("UPDATE events SET pdu = ? WHERE event_id = ?", Json.write(pdu), eventId);
        }

        @Override
        public Optional<StoredEvent> latest(RoomId roomId) {
            return sql.one("SELECT " + EVENT_COLUMNS + " FROM events e WHERE e.room_id = ? "
                    + "ORDER BY e.stream_ordering DESC LIMIT 1", Events::event, roomId.toString());
        }

        @Override
        public List<StoredEvent> currentState(RoomId roomId) {
            return sql.list("SELECT " + EVENT_COLUMNS + " FROM current_state s JOIN events e ON e.event_id = s.event_id "
                    + "WHERE s.room_id = ? ORDER BY e.stream_ordering", Events::event, roomId.toString());
        }

        @Override
        public Optional<StoredEvent> currentState(RoomId roomId, String type, String stateKey) {
            return sql.one("SELECT " + EVENT_COLUMNS + " FROM current_state s JOIN events e ON e.event_id = s.event_id "
                    + "WHERE s.room_id = ? AND s.type = ? AND s.state_key = ?", Events::event, roomId.toString(), type,
                    stateKey);
        }

        @Override
        public List<StoredEvent> authState(RoomId roomId, List<UserId> members) {
            if (members.isEmpty() || members.size() > 3) {
                throw new IllegalArgumentException("one to three members, not " + members.size());
            }
            // Always three placeholders (repeats are harmless), so the statement text stays the same.
            Object[] keys = new Object[3];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = members.get(Math.min(i, members.size() - 1)).toString();
            }
            return sql.list("SELECT " + EVENT_COLUMNS + " FROM current_state s JOIN events e ON e.event_id = s.event_id "
                    + "WHERE s.room_id = ? AND ((s.state_key = '' AND s.type IN ('m.room.create', "
                    + "'m.room.power_levels', 'm.room.join_rules')) OR (s.type = 'm.room.member' AND s.state_key IN "
                    + "(?, ?, ?))) ORDER BY e.stream_ordering", Events::event, roomId.toString(), keys[0], keys[1],
                    keys[2]);
        }

        @Override
        public Map<String, Long> membershipCounts(RoomId roomId) {
            var counts = new HashMap<String, Long>();
            sql.list("SELECT membership, COUNT(*) FROM current_state WHERE room_id = ? AND type = 'm.room.member' "
                    + "AND membership IS NOT NULL GROUP BY membership",
                    row -> counts.put(row.getString(1), row.getLong(2)), roomId.toString());
            return counts;
        }

        @Override
        public List<UserId> membersByAge(RoomId roomId, UserId viewer, boolean presentOnly, int limit) {
            return sql.list("SELECT state_key FROM current_state WHERE room_id = ? AND type = 'm.room.member' "
                    + "AND state_key <> ?" + (presentOnly ? " AND membership IN ('join', 'invite')" : "")
                    + " ORDER BY stream_ordering LIMIT ?", row -> UserId.parse(row.getString(1)), roomId.toString(),
                    viewer.toString(), limit);
        }

        @Override
        public boolean stateChangedSince(RoomId roomId, long position, List<String> types) {
            if (types.isEmpty()) {
                return false;
            }
            String placeholders = String.join(", ", java.util.Collections.nCopies(types.size(), "?"));
            Object[] parameters = new Object[types.size() + 2];
            parameters[0] = roomId.toString();
            for (int i = 0; i < types.size(); i++) {
                parameters[i + 1] = types.get(i);
            }
            parameters[types.size() + 1] = position;
            return sql.one("SELECT 1 FROM current_state WHERE room_id = ? AND type IN (" + placeholders + ") "
                    + "AND stream_ordering > ? LIMIT 1", row -> true, parameters).isPresent();
        }

        @Override
        public List<StoredEvent> stateHistory(RoomId roomId, String type, String stateKey) {
            return sql.list("SELECT " + EVENT_COLUMNS + " FROM events e WHERE e.room_id = ? AND e.type = ? "
                    + "AND e.state_key = ? ORDER BY e.stream_ordering", Events::event, roomId.toString(), type,
                    stateKey);
        }

        @Override
        public List<RoomId> roomsWithMembership(UserId userId, String membership) {
            return sql.list("SELECT room_id FROM current_state WHERE state_key = ? AND type = 'm.room.member' "
                    + "AND membership = ? ORDER BY room_id", row -> RoomId.parse(row.getString(1)),
                    userId.toString(), membership);
        }

        @Override
        public List<StoredEvent> stateAt(RoomId roomId, long position) {
            var latest = new LinkedHashMap<String, StoredEvent>();
            for (StoredEvent event : sql.list("SELECT " + EVENT_COLUMNS + " FROM events e WHERE e.room_id = ? "
                    + "AND e.state_key IS NOT NULL AND e.stream_ordering <= ? ORDER BY e.stream_ordering",
                    Events::event, roomId.toString(), position)) {
                String key = event.type() + "\u0000" + event.stateKey().orElseThrow();
                latest.remove(key);
                latest.put(key, event);
            }
            return latest.values().stream().sorted(Comparator.comparingLong(StoredEvent::streamOrdering))
                    .toList();
        }

        @Override
        public List<UserId> members(RoomId roomId) {
            return sql.list("SELECT state_key FROM current_state WHERE room_id = ? AND type = 'm.room.member'",
                    row -> UserId.parse(row.getString(1)), roomId.toString());
        }

        @Override
        public Map<String, List<RoomId>> roomsByMembership(UserId userId) {
            var result = new HashMap<String, List<RoomId>>();
            sql.list("SELECT membership, room_id FROM current_state WHERE state_key = ? AND type = 'm.room.member' "
                    + "AND membership IS NOT NULL ORDER BY room_id",
                    row -> Map.entry(row.getString(1), RoomId.parse(row.getString(2))), userId.toString())
                    .forEach(entry -> result.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                            .add(entry.getValue()));
            return result;
        }

        private static final String SHARED = "SELECT DISTINCT b.state_key FROM current_state a "
                + "JOIN current_state b ON a.room_id = b.room_id WHERE a.type = 'm.room.member' AND a.state_key = ? "
                + "AND a.membership = 'join' AND b.type = 'm.room.member' AND b.membership = 'join'";

        @Override
        public List<UserId> sharedRoomMembers(UserId user) {
            return sql.list(SHARED + " ORDER BY b.state_key", row -> UserId.parse(row.getString(1)), user.toString());
        }

        /**
         * Two halves, so that each walks only what changed: every member of a room the user's own membership changed
         * in, and in the user's other rooms the members whose membership changed (found through the position index,
         * not by walking every member of each room).
         */
        @Override
        public List<UserId> newlySharedMembers(UserId user, long since) {
            return sql.list("SELECT b.state_key FROM current_state a JOIN current_state b ON a.room_id = b.room_id "
                    + "WHERE a.type = 'm.room.member' AND a.state_key = ? AND a.membership = 'join' "
                    + "AND a.stream_ordering > ? AND b.type = 'm.room.member' AND b.membership = 'join' UNION "
                    + "SELECT b.state_key FROM current_state a JOIN current_state b ON a.room_id = b.room_id "
                    + "WHERE a.type = 'm.room.member' AND a.state_key = ? AND a.membership = 'join' "
                    + "AND b.type = 'm.room.member' AND b.stream_ordering > ? AND b.membership = 'join' ORDER BY 1",
                    row -> UserId.parse(row.getString(1)), user.toString(), since, user.toString(), since);
        }

        @Override
        public List<StoredEvent> sticky(RoomId roomId, long afterPosition, long upToPosition, long now, int limit) {
            return sql.list("SELECT " + EVENT_COLUMNS + " FROM events e WHERE e.room_id = ? AND e.sticky_expires_ts > ? "
                    + "AND e.stream_ordering > ? AND e.stream_ordering <= ? ORDER BY e.stream_ordering LIMIT ?",
                    Events::event, roomId.toString(), now, afterPosition, upToPosition, limit);
        }

        @Override
        public List<StoredEvent> recent(RoomId roomId, long afterPosition, int limit) {
            List<StoredEvent> newestFirst = sql.list("SELECT " + EVENT_COLUMNS + " FROM events e WHERE e.room_id = ? "
                    + "AND e.stream_ordering > ? ORDER BY e.stream_ordering DESC LIMIT ?", Events::event,
                    roomId.toString(), afterPosition, limit);
            return newestFirst.reversed();
        }

        @Override
        public List<StoredEvent> page(RoomId roomId, long from, boolean backwards, int limit) {
            return backwards
                    ? sql.list("SELECT " + EVENT_COLUMNS + " FROM events e WHERE e.room_id = ? AND e.stream_ordering <= ? "
                            + "ORDER BY e.stream_ordering DESC LIMIT ?", Events::event, roomId.toString(), from, limit)
                    : sql.list("SELECT " + EVENT_COLUMNS + " FROM events e WHERE e.room_id = ? AND e.stream_ordering > ? "
                            + "ORDER BY e.stream_ordering LIMIT ?", Events::event, roomId.toString(), from, limit);
        }

        @Override
        public long maxPosition() {
            return sql.one("SELECT COALESCE(MAX(stream_ordering), 0) FROM events", row -> row.getLong(1)).orElse(0L);
        }

        @Override
        public Optional<String> transaction(UserId userId, DeviceId deviceId, String txnId) {
            return sql.one("SELECT event_id FROM event_transactions WHERE user_id = ? AND device_id = ? AND txn_id = ?",
                    row -> row.getString(1), userId.toString(), deviceId.value(), txnId);
        }

        @Override
        public void saveTransaction(UserId userId, DeviceId deviceId, String txnId, String eventId) {
            sql.update("INSERT INTO event_transactions (user_id, device_id, txn_id, event_id) VALUES (?, ?, ?, ?)",
                    userId.toString(), deviceId.value(), txnId, eventId);
        }

        private static StoredEvent event(ResultSet row) throws SQLException {
            return new StoredEvent(row.getLong(1), row.getString(2), RoomId.parse(row.getString(3)), row.getString(4),
                    Optional.ofNullable(row.getString(5)), UserId.parse(row.getString(6)), row.getLong(7),
                    row.getLong(8), Json.parseObject(row.getString(9)));
        }
    }
}
