package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.ToDeviceMessage;
import dev.myelin.homeserver.storage.ToDeviceRepository;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.util.List;

final class JdbcToDevice implements ToDeviceRepository {
    private final Sql sql;

    JdbcToDevice(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void enqueue(UserId recipient, DeviceId device, UserId sender, String type, JsonObject content) {
        sql.update("INSERT INTO to_device_messages (user_id, device_id, sender, type, content) VALUES (?, ?, ?, ?, ?)",
                recipient.toString(), device.value(), sender.toString(), type, Json.write(content));
    }

    @Override
    public List<ToDeviceMessage> pending(UserId recipient, DeviceId device, long afterStreamId, int limit) {
        return sql.list("SELECT stream_id, sender, type, content FROM to_device_messages "
                + "WHERE user_id = ? AND device_id = ? AND stream_id > ? ORDER BY stream_id LIMIT ?",
                row -> new ToDeviceMessage(row.getLong(1), UserId.parse(row.getString(2)), row.getString(3),
                        Json.parseObject(row.getString(4))),
                recipient.toString(), device.value(), afterStreamId, limit);
    }

    @Override
    public int acknowledge(UserId recipient, DeviceId device, long upToStreamId) {
        return sql.update("DELETE FROM to_device_messages WHERE user_id = ? AND device_id = ? AND stream_id <= ?",
                recipient.toString(), device.value(), upToStreamId);
    }

    @Override
    public boolean claimTransaction(UserId sender, DeviceId device, String txnId, long nowMillis) {
        return sql.update("INSERT INTO to_device_transactions (user_id, device_id, txn_id, created_ts) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (user_id, device_id, txn_id) DO NOTHING", sender.toString(),
                device.value(), txnId, nowMillis) == 1;
    }
}
