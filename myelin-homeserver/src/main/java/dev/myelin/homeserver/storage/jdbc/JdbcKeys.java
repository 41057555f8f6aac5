package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.KeyRepository;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcKeys implements KeyRepository {
    private final Sql sql;

    JdbcKeys(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<JsonObject> deviceKeys(UserId user, DeviceId device) {
        return sql.one("SELECT key_json FROM device_keys WHERE user_id = ? AND device_id = ?",
                row -> Json.parseObject(row.getString(1)), user.toString(), device.value());
    }

    @Override
    public Map<DeviceId, JsonObject> deviceKeys(UserId user) {
        var result = new LinkedHashMap<DeviceId, JsonObject>();
        sql.list("SELECT device_id, key_json FROM device_keys WHERE user_id = ? ORDER BY device_id",
                row -> Map.entry(DeviceId.of(row.getString(1)), Json.parseObject(row.getString(2))), user.toString())
                .forEach(entry -> result.put(entry.getKey(), entry.getValue()));
        return result;
    }

    @Override
    public void putDeviceKeys(UserId user, DeviceId device, JsonObject keys) {
        sql.update("INSERT INTO device_keys (user_id, device_id, key_json) VALUES (?, ?, ?) "
                + "ON CONFLICT (user_id, device_id) DO UPDATE SET key_json = excluded.key_json", user.toString(),
                device.value(), Json.write(keys));
    }

    @Override
    public void addOneTimeKey(UserId user, DeviceId device, String algorithm, String keyId, JsonObject key) {
        sql.update("INSERT INTO one_time_keys (user_id, device_id, algorithm, key_id, key_json) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (user_id, device_id, algorithm, key_id) DO NOTHING", user.toString(), device.value(),
                algorithm, keyId, Json.write(key));
    }

    @Override
    public Map<String, Long> oneTimeKeyCounts(UserId user, DeviceId device) {
        var counts = new LinkedHashMap<String, Long>();
        sql.list("SELECT algorithm, COUNT(*) FROM one_time_keys WHERE user_id = ? AND device_id = ? "
                + "GROUP BY algorithm ORDER BY algorithm", row -> Map.entry(row.getString(1), row.getLong(2)),
                user.toString(), device.value()).forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    @Override
    public Optional<ClaimedKey> claimOneTimeKey(UserId user, DeviceId device, String algorithm) {
        Optional<ClaimedKey> key = sql.one("SELECT key_id, key_json FROM one_time_keys WHERE user_id = ? "
                + "AND device_id = ? AND algorithm = ? ORDER BY key_id LIMIT 1",
                row -> new ClaimedKey(row.getString(1), Json.parseObject(row.getString(2))), user.toString(),
                device.value(), algorithm);
        key.ifPresent(claimed -> sql.update("DELETE FROM one_time_keys WHERE user_id = ? AND device_id = ? "
                + "AND algorithm = ? AND key_id = ?", user.toString(), device.value(), algorithm, claimed.keyId()));
        return key.map(claimed -> new ClaimedKey(algorithm + ":" + claimed.keyId(), claimed.key()));
    }

    @Override
    public void putFallbackKey(UserId user, DeviceId device, String algorithm, String keyId, JsonObject key) {
        sql.update("INSERT INTO fallback_keys (user_id, device_id, algorithm, key_id, key_json, used) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, device_id, algorithm) DO UPDATE SET "
                + "key_id = excluded.key_id, key_json = excluded.key_json, used = excluded.used", user.toString(),
                device.value(), algorithm, keyId, Json.write(key), false);
    }

    @Override
    public Optional<ClaimedKey> claimFallbackKey(UserId user, DeviceId device, String algorithm) {
        Optional<ClaimedKey> key = sql.one("SELECT key_id, key_json FROM fallback_keys WHERE user_id = ? "
                + "AND device_id = ? AND algorithm = ?",
                row -> new ClaimedKey(algorithm + ":" + row.getString(1), Json.parseObject(row.getString(2))),
                user.toString(), device.value(), algorithm);
        key.ifPresent(claimed -> sql.update("UPDATE fallback_keys SET used = ? WHERE user_id = ? AND device_id = ? "
                + "AND algorithm = ?", true, user.toString(), device.value(), algorithm));
        return key;
    }

    @Override
    public List<String> unusedFallbackAlgorithms(UserId user, DeviceId device) {
        return sql.list("SELECT algorithm FROM fallback_keys WHERE user_id = ? AND device_id = ? AND used = ? "
                + "ORDER BY algorithm", row -> row.getString(1), user.toString(), device.value(), false);
    }

    @Override
    public void deleteDevice(UserId user, DeviceId device) {
        for (String table : List.of("device_keys", "one_time_keys", "fallback_keys")) {
            sql.update("DELETE FROM " + table + " WHERE user_id = ? AND device_id = ?", user.toString(),
                    device.value());
        }
    }

    @Override
    public long recordDeviceListChange(UserId user) {
        return sql.one("INSERT INTO device_list_changes (user_id) VALUES (?) RETURNING stream_id",
                row -> row.getLong(1), user.toString()).orElseThrow();
    }

    @Override
    public List<UserId> deviceListChanges(long after, long upTo) {
        return sql.list("SELECT DISTINCT user_id FROM device_list_changes WHERE stream_id > ? AND stream_id <= ? "
                + "ORDER BY user_id", row -> UserId.parse(row.getString(1)), after, upTo);
    }

    @Override
    public long deviceListPosition() {
        return sql.one("SELECT COALESCE(MAX(stream_id), 0) FROM device_list_changes", row -> row.getLong(1))
                .orElse(0L);
    }
}
