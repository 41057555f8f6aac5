package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Optional;

/** Read receipts with a change stream for the {@code m.receipt} ephemeral event of {@code /sync}. */
public interface ReceiptRepository {
    /** @param threadId absent for an unthreaded receipt */
    record Receipt(RoomId roomId, String type, UserId userId, Optional<String> threadId, String eventId, long ts,
            long streamId) {
    }

    /** Stores (replacing the user's previous one of this type and thread); returns the new stream position. */
    long put(RoomId roomId, String type, UserId user, Optional<String> threadId, String eventId, long ts);

    List<Receipt> changedSince(RoomId roomId, long afterStreamId);

    long position();
}
