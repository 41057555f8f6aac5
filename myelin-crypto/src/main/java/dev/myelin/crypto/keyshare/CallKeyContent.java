package dev.myelin.crypto.keyshare;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonShapeException;
import dev.myelin.protocol.id.InvalidIdentifierException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.Base64;
import java.util.Objects;

/**
 * The {@code io.element.call.encryption_keys} to-device content that carries one media key:
 * {@code {"keys":{"index","key"}, "member":{"id","claimed_device_id"}, "room_id", "session", "sent_ts"}}.
 * Read as leniently as matrix-js-sdk reads it (URL-safe or standard base64, padding optional) but never accepting an
 * index outside the 256-slot ring.
 */
public record CallKeyContent(RoomId room, String memberId, String claimedDeviceId, MediaKey key, long sentTs) {
    public static final String TYPE = "io.element.call.encryption_keys";
    static final int MAX_KEY_BYTES = 64;

    public CallKeyContent {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(claimedDeviceId, "claimedDeviceId");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Reads the content a to-device message from {@code sender} carried.
     *
     * @throws JsonShapeException when a field js-sdk requires is missing or unusable
     */
    public static CallKeyContent parse(JsonObject content, UserId sender) {
        JsonObject keys = content.object("keys");
        long index = keys.integer("index");
        if (index < 0 || index >= MediaKey.RING_SIZE) {
            throw new JsonShapeException("keys.index must be 0-255, not " + index);
        }
        byte[] bytes = decodeLenient(keys.string("key"));
        JsonObject member = content.object("member");
        String claimedDevice = member.string("claimed_device_id");
        if (claimedDevice.isEmpty()) {
            throw new JsonShapeException("member.claimed_device_id is empty");
        }
        String memberId = member.lenientString("id").orElse(sender + ":" + claimedDevice);
        RoomId room;
        try {
            room = RoomId.parse(content.string("room_id"));
        } catch (InvalidIdentifierException e) {
            throw new JsonShapeException(e.getMessage());
        }
        long sentTs = content.lenientInteger("sent_ts").orElse(0);
        return new CallKeyContent(room, memberId, claimedDevice, new MediaKey((int) index, SecretBytes.copyOf(bytes)),
                sentTs);
    }

    /** The content as js-sdk 43 sends it (standard padded base64, legacy session block). */
    public JsonObject toJson() {
        return JsonObject.builder()
                .put("keys", JsonObject.builder()
                        .put("index", key.index())
                        .put("key", Base64.getEncoder().encodeToString(key.key().exposeCopy()))
                        .build())
                .put("member", JsonObject.builder().put("id", memberId).put("claimed_device_id", claimedDeviceId)
                        .build())
                .put("room_id", room.value())
                .put("session", JsonObject.builder().put("application", "m.call").put("call_id", "")
                        .put("scope", "m.room").build())
                .put("sent_ts", sentTs)
                .build();
    }

    /** Standard or URL-safe alphabet, trailing padding optional (as js-sdk's decoder accepts). */
    private static byte[] decodeLenient(String text) {
        String unpadded = text.replace('-', '+').replace('_', '/');
        int end = unpadded.length();
        while (end > 0 && unpadded.charAt(end - 1) == '=') {
            end--;
        }
        unpadded = unpadded.substring(0, end);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(unpadded + "==".substring(0, (4 - unpadded.length() % 4) % 4 % 3));
        } catch (IllegalArgumentException e) {
            throw new JsonShapeException("keys.key is not base64");
        }
        if (bytes.length == 0 || bytes.length > MAX_KEY_BYTES) {
            throw new JsonShapeException("keys.key must hold 1 to " + MAX_KEY_BYTES + " bytes");
        }
        return bytes;
    }
}
