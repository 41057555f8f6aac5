package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.AccountDataRepository;
import dev.myelin.homeserver.storage.ProfileRepository;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Optional;

/** Account data and profiles. Stream ids are allocated as MAX + 1 under the single writer. */
final class JdbcAccountData implements AccountDataRepository {
    private final Sql sql;

    JdbcAccountData(Sql sql) {
        this.sql = sql;
    }

    @Override
    public long put(UserId user, Optional<RoomId> roomId, String type, JsonObject content) {
        long streamId = position() + 1;
        sql.update("INSERT INTO account_data (user_id, room_id, type, content, stream_id) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (user_id, room_id, type) DO UPDATE SET content = excluded.content, "
                + "stream_id = excluded.stream_id", user.toString(), roomId.map(RoomId::toString).orElse(""), type,
                Json.write(content), streamId);
        return streamId;
    }

    @Override
    public Optional<JsonObject> get(UserId user, Optional<RoomId> roomId, String type) {
        return sql.one("SELECT content FROM account_data WHERE user_id = ? AND room_id = ? AND type = ?",
                row -> Json.parseObject(row.getString(1)), user.toString(), roomId.map(RoomId::toString).orElse(""),
                type);
    }

    @Override
    public List<Entry> changedSince(UserId user, long afterStreamId) {
        return sql.list("SELECT room_id, type, content, stream_id FROM account_data WHERE user_id = ? "
                + "AND stream_id > ? ORDER BY stream_id", row -> new Entry(
                        row.getString(1).isEmpty() ? Optional.empty() : Optional.of(RoomId.parse(row.getString(1))),
                        row.getString(2), Json.parseObject(row.getString(3)), row.getLong(4)),
                user.toString(), afterStreamId);
    }

    @Override
    public long position() {
        return sql.one("SELECT COALESCE(MAX(stream_id), 0) FROM account_data", row -> row.getLong(1)).orElse(0L);
    }

    static final class Profiles implements ProfileRepository {
        private final Sql sql;

        Profiles(Sql sql) {
            this.sql = sql;
        }

        @Override
        public Optional<Profile> find(UserId user) {
            return sql.one("SELECT displayname, avatar_url FROM profiles WHERE user_id = ?",
                    row -> new Profile(Optional.ofNullable(row.getString(1)), Optional.ofNullable(row.getString(2))),
                    user.toString());
        }

        @Override
        public void put(UserId user, Profile profile) {
            sql.update("INSERT INTO profiles (user_id, displayname, avatar_url) VALUES (?, ?, ?) "
                    + "ON CONFLICT (user_id) DO UPDATE SET displayname = excluded.displayname, "
                    + "avatar_url = excluded.avatar_url", user.toString(), profile.displayname().orElse(null),
                    profile.avatarUrl().orElse(null));
        }
    }
}
