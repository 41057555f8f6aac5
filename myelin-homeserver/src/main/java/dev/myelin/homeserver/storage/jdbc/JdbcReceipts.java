package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.ReceiptRepository;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Optional;

/** Receipts; stream ids are MAX + 1 under the single writer. */
final class JdbcReceipts implements ReceiptRepository {
    private final Sql sql;

    JdbcReceipts(Sql sql) {
        this.sql = sql;
    }

    @Override
    public long put(RoomId roomId, String type, UserId user, Optional<String> threadId, String eventId, long ts) {
        long streamId = position() + 1;
        sql.update("INSERT INTO receipts (room_id, receipt_type, user_id, thread_id, event_id, ts, stream_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (room_id, receipt_type, user_id, thread_id) DO UPDATE SET "
                + "event_id = excluded.event_id, ts = excluded.ts, stream_id = excluded.stream_id", roomId.toString(),
                type, user.toString(), threadId.orElse(""), eventId, ts, streamId);
        return streamId;
    }

    @Override
    public List<Receipt> changedSince(RoomId roomId, long afterStreamId) {
        return sql.list("SELECT receipt_type, user_id, thread_id, event_id, ts, stream_id FROM receipts "
                + "WHERE room_id = ? AND stream_id > ? ORDER BY stream_id", row -> new Receipt(roomId,
                        row.getString(1), UserId.parse(row.getString(2)),
                        row.getString(3).isEmpty() ? Optional.empty() : Optional.of(row.getString(3)),
                        row.getString(4), row.getLong(5), row.getLong(6)), roomId.toString(), afterStreamId);
    }

    @Override
    public long position() {
        return sql.one("SELECT COALESCE(MAX(stream_id), 0) FROM receipts", row -> row.getLong(1)).orElse(0L);
    }
}
