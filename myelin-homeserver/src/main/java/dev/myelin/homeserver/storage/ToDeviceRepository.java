package dev.myelin.homeserver.storage;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.util.List;

/** Per-device queues of to-device messages, kept until acknowledged. */
public interface ToDeviceRepository {
    void enqueue(UserId recipient, DeviceId device, UserId sender, String type, JsonObject content);

    /** Up to {@code limit} messages after {@code afterStreamId}, in send order. */
    List<ToDeviceMessage> pending(UserId recipient, DeviceId device, long afterStreamId, int limit);

    /** Deletes the device's messages up to and including {@code upToStreamId}. */
    int acknowledge(UserId recipient, DeviceId device, long upToStreamId);

    /** Records a send transaction; false if this device already used the id (a retry). */
    boolean claimTransaction(UserId sender, DeviceId device, String txnId, long nowMillis);
}
