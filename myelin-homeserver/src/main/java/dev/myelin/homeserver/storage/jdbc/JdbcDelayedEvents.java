package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.DelayedEvent;
import dev.myelin.homeserver.storage.DelayedEventRepository;
import dev.myelin.json.Json;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.OptionalLong;

/** Delayed events over shared SQL; only the claim differs (PostgreSQL locks the row and skips locked ones). */
final class JdbcDelayedEvents implements DelayedEventRepository {
    private static final String COLUMNS = "delay_id, user_id, device_id, txn_id, room_id, event_type, state_key, "
            + "content, delay_ms, send_ts, status, finalised_ts, event_id, error, sticky_duration_ms";
    private static final String SCHEDULED = DelayedEvent.Status.SCHEDULED.value();

    private final Sql sql;
    private final Dialect dialect;

    JdbcDelayedEvents(Sql sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    @Override
    public void insert(DelayedEvent e) {
        sql.update("INSERT INTO delayed_events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.delayId(), e.userId().toString(), e.deviceId().value(), e.txnId().orElse(null),
                e.roomId().toString(), e.type(), e.stateKey().orElse(null), Json.write(e.content()), e.delayMs(),
                e.sendTs(), e.status().value(), e.finalisedTs().orElse(null), e.eventId().orElse(null),
                e.error().map(Json::write).orElse(null), e.stickyDurationMs().orElse(null));
    }

    @Override
    public Optional<DelayedEvent> find(String delayId) {
        return sql.one("SELECT " + COLUMNS + " FROM delayed_events WHERE delay_id = ?", JdbcDelayedEvents::row,
                delayId);
    }

    @Override
    public Optional<DelayedEvent> findByTxn(UserId user, DeviceId device, String txnId) {
        return sql.one("SELECT " + COLUMNS + " FROM delayed_events WHERE user_id = ? AND device_id = ? AND txn_id = ?",
                JdbcDelayedEvents::row, user.toString(), device.value(), txnId);
    }

    @Override
    public List<DelayedEvent> listForUser(UserId user, DelayedEvent.Status status) {
        return sql.list("SELECT " + COLUMNS + " FROM delayed_events WHERE user_id = ? AND status = ? "
                + "ORDER BY " + (status == DelayedEvent.Status.SCHEDULED ? "send_ts" : "finalised_ts") + ", delay_id",
                JdbcDelayedEvents::row, user.toString(), status.value());
    }

    @Override
    public List<Long> scheduledSendTimes(UserId user) {
        return sql.list("SELECT send_ts FROM delayed_events WHERE user_id = ? AND status = ? ORDER BY send_ts",
                r -> r.getLong(1), user.toString(), SCHEDULED);
    }

    @Override
    public List<DelayedEvent> claimDue(long now, int limit) {
        String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        return sql.list("SELECT " + COLUMNS + " FROM delayed_events WHERE status = ? AND send_ts <= ? "
                + "ORDER BY send_ts, delay_id LIMIT ?" + lock, JdbcDelayedEvents::row, SCHEDULED, now, limit);
    }

    @Override
    public OptionalLong nextSendTs() {
        return sql.one("SELECT MIN(send_ts) FROM delayed_events WHERE status = ?", r -> {
            long value = r.getLong(1);
            return r.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
        }, SCHEDULED).orElse(OptionalLong.empty());
    }

    @Override
    public boolean reschedule(String delayId, long sendTs) {
        return sql.update("UPDATE delayed_events SET send_ts = ? WHERE delay_id = ? AND status = ?", sendTs, delayId,
                SCHEDULED) == 1;
    }

    @Override
    public Map<String, Restarted> restartAll(List<Restart> restarts, long now) {
        Set<String> wanted = new HashSet<>();
        if (restarts.stream().allMatch(r -> r.owner().isEmpty())) {
            restarts.forEach(r -> wanted.add(r.delayId()));
        } else {
            // Only rows some request may restart: look up the owners first.
            Map<String, String> owners = sql.list("SELECT delay_id, user_id FROM delayed_events WHERE "
                    + byIdsScheduled(), r -> Map.entry(r.getString(1), r.getString(2)), SCHEDULED,
                    jsonIds(restarts.stream().map(Restart::delayId).collect(Collectors.toSet()))).stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            for (Restart restart : restarts) {
                String owner = owners.get(restart.delayId());
                if (owner != null && restart.owner().map(u -> u.toString().equals(owner)).orElse(true)) {
                    wanted.add(restart.delayId());
                }
            }
        }
        if (wanted.isEmpty()) {
            return Map.of();
        }
        Map<String, Restarted> restarted = sql.list("UPDATE delayed_events SET send_ts = ? + delay_ms WHERE "
                + byIdsScheduled() + " RETURNING delay_id, user_id, send_ts",
                r -> Map.entry(r.getString(1), new Restarted(UserId.parse(r.getString(2)), r.getLong(3))), now,
                SCHEDULED, jsonIds(wanted)).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return restarted;
    }

    /**
     * The ids as one JSON array parameter, so that a statement stays the same text (and cached) whatever the batch
     * size; {@link #byIdsScheduled} unpacks it.
     */
    private static String jsonIds(Set<String> ids) {
        return Json.write(new JsonArray(ids.stream().map(id -> (JsonValue) JsonValue.of(id)).toList()));
    }

    /**
     * Scheduled rows among the ids of a {@link #jsonIds} parameter (bound after the status). SQLite must look them
     * up by primary key: left to itself it walks the status index through every scheduled row (a unary {@code +}
     * keeps it off that index); PostgreSQL plans it well as it is.
     */
    private String byIdsScheduled() {
        return dialect == Dialect.POSTGRESQL
                ? "status = ? AND delay_id IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))"
                : "+status = ? AND delay_id IN (SELECT value FROM json_each(?))";
    }

    @Override
    public boolean finalise(String delayId, DelayedEvent.Status status, long finalisedTs, Optional<String> eventId,
            Optional<JsonObject> error) {
        return sql.update("UPDATE delayed_events SET status = ?, finalised_ts = ?, event_id = ?, error = ? "
                + "WHERE delay_id = ? AND status = ?", status.value(), finalisedTs, eventId.orElse(null),
                error.map(Json::write).orElse(null), delayId, SCHEDULED) == 1;
    }

    @Override
    public int cancelOthersForStateKey(RoomId room, String type, String stateKey, UserId sender, long now) {
        return sql.update("UPDATE delayed_events SET status = ?, finalised_ts = ? WHERE room_id = ? AND event_type = ? "
                + "AND state_key = ? AND status = ? AND user_id <> ?", DelayedEvent.Status.CANCELLED.value(), now,
                room.toString(), type, stateKey, SCHEDULED, sender.toString());
    }

    @Override
    public int purgeFinalisedBefore(long before) {
        return sql.update("DELETE FROM delayed_events WHERE status <> ? AND finalised_ts < ?", SCHEDULED, before);
    }

    private static DelayedEvent row(ResultSet r) throws SQLException {
        long sticky = r.getLong(15);
        Optional<Long> stickyDuration = r.wasNull() ? Optional.empty() : Optional.of(sticky);
        long finalised = r.getLong(12);
        Optional<Long> finalisedTs = r.wasNull() ? Optional.empty() : Optional.of(finalised);
        return new DelayedEvent(r.getString(1), UserId.parse(r.getString(2)), DeviceId.of(r.getString(3)),
                Optional.ofNullable(r.getString(4)), RoomId.parse(r.getString(5)), r.getString(6),
                Optional.ofNullable(r.getString(7)), Json.parseObject(r.getString(8)), r.getLong(9), r.getLong(10),
                DelayedEvent.Status.of(r.getString(11)), finalisedTs, Optional.ofNullable(r.getString(13)),
                Optional.ofNullable(r.getString(14)).map(Json::parseObject), stickyDuration);
    }
}
