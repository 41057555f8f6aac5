package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.AccessTokenRepository;
import dev.myelin.homeserver.storage.AccountDataRepository;
import dev.myelin.homeserver.storage.AliasRepository;
import dev.myelin.homeserver.storage.DelayedEventRepository;
import dev.myelin.homeserver.storage.DeviceRecord;
import dev.myelin.homeserver.storage.DeviceRepository;
import dev.myelin.homeserver.storage.EventRepository;
import dev.myelin.homeserver.storage.FilterRepository;
import dev.myelin.homeserver.storage.KeyRepository;
import dev.myelin.homeserver.storage.OpenIdTokenRepository;
import dev.myelin.homeserver.storage.ProfileRepository;
import dev.myelin.homeserver.storage.ReceiptRepository;
import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.RoomRepository;
import dev.myelin.homeserver.storage.ToDeviceRepository;
import dev.myelin.homeserver.storage.TokenOwner;
import dev.myelin.homeserver.storage.UiaSessionRepository;
import dev.myelin.homeserver.storage.UserRecord;
import dev.myelin.homeserver.storage.UserRepository;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The repositories over one JDBC connection in a transaction. The SQL here is shared by SQLite and PostgreSQL
 * (java-stack.md trap 5: {@code ON CONFLICT ... DO NOTHING} works on both); only the DDL differs per dialect.
 */
final class JdbcRepositories implements Repositories {
    private final Sql sql;
    private final Dialect dialect;

    /** @param sql the connection's helper, with its statement cache */
    JdbcRepositories(Sql sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    @Override
    public DelayedEventRepository delayedEvents() {
        return new JdbcDelayedEvents(sql, dialect);
    }

    @Override
    public UserRepository users() {
        return new Users();
    }

    @Override
    public DeviceRepository devices() {
        return new Devices();
    }

    @Override
    public AccessTokenRepository accessTokens() {
        return new AccessTokens();
    }

    @Override
    public UiaSessionRepository uiaSessions() {
        return new UiaSessions();
    }

    @Override
    public RoomRepository rooms() {
        return new JdbcRoomEvents.Rooms(sql);
    }

    @Override
    public EventRepository events() {
        return new JdbcRoomEvents.Events(sql);
    }

    @Override
    public FilterRepository filters() {
        return new Filters();
    }

    @Override
    public AccountDataRepository accountData() {
        return new JdbcAccountData(sql);
    }

    @Override
    public ReceiptRepository receipts() {
        return new JdbcReceipts(sql);
    }

    @Override
    public AliasRepository aliases() {
        return new JdbcRoomEvents.Aliases(sql);
    }

    @Override
    public ProfileRepository profiles() {
        return new JdbcAccountData.Profiles(sql);
    }

    @Override
    public KeyRepository keys() {
        return new JdbcKeys(sql);
    }

    @Override
    public ToDeviceRepository toDevice() {
        return new JdbcToDevice(sql);
    }

    @Override
    public OpenIdTokenRepository openIdTokens() {
        return new OpenIdTokens();
    }

    private final class OpenIdTokens implements OpenIdTokenRepository {
        @Override
        public void create(String tokenHash, UserId userId, long expiresTs) {
            sql.update("INSERT INTO openid_tokens (token_hash, user_id, expires_ts) VALUES (?, ?, ?)", tokenHash,
                    userId.toString(), expiresTs);
        }

        @Override
        public Optional<UserId> find(String tokenHash, long nowMillis) {
            return sql.one("SELECT user_id FROM openid_tokens WHERE token_hash = ? AND expires_ts > ?",
                    row -> UserId.parse(row.getString(1)), tokenHash, nowMillis);
        }

        @Override
        public int deleteExpired(long nowMillis) {
            return sql.update("DELETE FROM openid_tokens WHERE expires_ts <= ?", nowMillis);
        }
    }

    private final class Filters implements FilterRepository {
        @Override
        public long create(UserId userId, JsonObject filter) {
            return sql.one("INSERT INTO filters (user_id, filter_number, filter_json) SELECT ?, "
                    + "COALESCE(MAX(filter_number), -1) + 1, ? FROM filters WHERE user_id = ? RETURNING filter_number",
                    row -> row.getLong(1), userId.toString(), Json.write(filter), userId.toString()).orElseThrow();
        }

        @Override
        public Optional<JsonObject> find(UserId userId, long filterNumber) {
            return sql.one("SELECT filter_json FROM filters WHERE user_id = ? AND filter_number = ?",
                    row -> Json.parseObject(row.getString(1)), userId.toString(), filterNumber);
        }
    }

    private final class Users implements UserRepository {
        @Override
        public boolean create(UserRecord user) {
            return sql.update("INSERT INTO users (user_id, password_hash, created_ts, deactivated) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (user_id) DO NOTHING", user.id().toString(), user.passwordHash().orElse(null),
                    user.createdTs(), user.deactivated()) == 1;
        }

        @Override
        public Optional<UserRecord> find(UserId id) {
            return sql.one("SELECT user_id, password_hash, created_ts, deactivated FROM users WHERE user_id = ?",
                    JdbcRepositories::user, id.toString());
        }
    }

    private final class Devices implements DeviceRepository {
        @Override
        public boolean createIfAbsent(DeviceRecord device) {
            return sql.update("INSERT INTO devices (user_id, device_id, display_name, created_ts) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (user_id, device_id) DO NOTHING", device.userId().toString(),
                    device.deviceId().value(), device.displayName().orElse(null), device.createdTs()) == 1;
        }

        @Override
        public Optional<DeviceRecord> find(UserId userId, DeviceId deviceId) {
            return sql.one("SELECT user_id, device_id, display_name, created_ts FROM devices "
                    + "WHERE user_id = ? AND device_id = ?", JdbcRepositories::device, userId.toString(),
                    deviceId.value());
        }

        @Override
        public List<DeviceRecord> list(UserId userId) {
            return sql.list("SELECT user_id, device_id, display_name, created_ts FROM devices WHERE user_id = ? "
                    + "ORDER BY device_id", JdbcRepositories::device, userId.toString());
        }

        @Override
        public boolean rename(UserId userId, DeviceId deviceId, String displayName) {
            return sql.update("UPDATE devices SET display_name = ? WHERE user_id = ? AND device_id = ?", displayName,
                    userId.toString(), deviceId.value()) == 1;
        }

        @Override
        public boolean delete(UserId userId, DeviceId deviceId) {
            // Tokens first: the cascade is declared, but not every connection enforces foreign keys.
            sql.update("DELETE FROM access_tokens WHERE user_id = ? AND device_id = ?", userId.toString(),
                    deviceId.value());
            sql.update("DELETE FROM to_device_messages WHERE user_id = ? AND device_id = ?", userId.toString(),
                    deviceId.value());
            keys().deleteDevice(userId, deviceId);
            // Other users' clients must learn the device is gone.
            keys().recordDeviceListChange(userId);
            return sql.update("DELETE FROM devices WHERE user_id = ? AND device_id = ?", userId.toString(),
                    deviceId.value()) == 1;
        }
    }

    private final class AccessTokens implements AccessTokenRepository {
        @Override
        public void create(String tokenHash, UserId userId, DeviceId deviceId, long createdTs) {
            sql.update("INSERT INTO access_tokens (token_hash, user_id, device_id, created_ts) VALUES (?, ?, ?, ?)",
                    tokenHash, userId.toString(), deviceId.value(), createdTs);
        }

        @Override
        public Optional<TokenOwner> find(String tokenHash) {
            return sql.one("SELECT user_id, device_id FROM access_tokens WHERE token_hash = ?",
                    row -> new TokenOwner(UserId.parse(row.getString(1)), DeviceId.of(row.getString(2))), tokenHash);
        }

        @Override
        public int deleteForDevice(UserId userId, DeviceId deviceId) {
            return sql.update("DELETE FROM access_tokens WHERE user_id = ? AND device_id = ?", userId.toString(),
                    deviceId.value());
        }
    }

    private final class UiaSessions implements UiaSessionRepository {
        @Override
        public void create(String sessionId, long createdTs) {
            sql.update("INSERT INTO uia_sessions (session_id, created_ts) VALUES (?, ?)", sessionId, createdTs);
        }

        @Override
        public boolean consume(String sessionId) {
            return sql.update("DELETE FROM uia_sessions WHERE session_id = ?", sessionId) == 1;
        }
    }

    private static UserRecord user(ResultSet row) throws SQLException {
        return new UserRecord(UserId.parse(row.getString(1)), Optional.ofNullable(row.getString(2)), row.getLong(3),
                row.getBoolean(4));
    }

    private static DeviceRecord device(ResultSet row) throws SQLException {
        return new DeviceRecord(UserId.parse(row.getString(1)), DeviceId.of(row.getString(2)),
                Optional.ofNullable(row.getString(3)), row.getLong(4));
    }
}
