package dev.myelin.crypto.keyshare;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonInteger;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonShapeException;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.InvalidIdentifierException;
import dev.myelin.protocol.id.RoomId;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The {@code dev.myelin.call.epoch_key} to-device content (always sent Olm-encrypted) by which a call's distributor
 * hands one member an epoch secret:
 * <pre>{@code
 * {"version": 1,
 *  "room_id": "!room:example.org",
 *  "slot_id": "m.call#ROOM",
 *  "epoch": {"counter": 12, "distributor": "<LiveKit identity of the distributor>"},
 *  "secret": "<unpadded standard base64 of 32 bytes>",
 *  "use_in_ms": 1000,
 *  "member": {"id": "<distributor's member id>", "claimed_device_id": "AAAAAAA"},
 *  "sent_ts": 1767225600123}
 * }</pre>
 * Receivers check, as for {@code io.element.call.encryption_keys}, that the Olm sender and device match the
 * distributor's membership, and drop cleartext copies. {@code use_in_ms} says when, after arrival, to start sending with
 * the epoch (the distributor's own switch time: 0 for the epoch in use, the rest of the rollout for one rolling out;
 * 1000 when absent; receivers cap it at their use-key delay). A {@code version} other than 1 is refused (a later version
 * may change the derivation); unknown extra fields are ignored.
 *
 * <p>Members advertise that they understand this content with {@link #CAPABILITY_FIELD} in their membership
 * content, {@code "dev.myelin.call.epoch_key": {"versions": [1]}} (a top-level key of the legacy state content and of
 * the sticky {@code rtc.member} content; other clients ignore unknown keys). Members without it are sent per-sender
 * keys in the js-sdk format instead.
 */
public record EpochKeyContent(RoomId room, String slotId, EpochId epoch, SecretBytes secret, long useInMs,
        String memberId, String claimedDeviceId, long sentTs) {
    public static final String TYPE = "dev.myelin.call.epoch_key";
    public static final String CAPABILITY_FIELD = TYPE;
    public static final int VERSION = 1;
    static final long DEFAULT_USE_IN_MS = 1_000;

    public EpochKeyContent {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(slotId, "slotId");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(claimedDeviceId, "claimedDeviceId");
        if (secret.length() != CallEpoch.SECRET_LENGTH) {
            throw new IllegalArgumentException("epoch secret must have 32 bytes");
        }
        if (useInMs < 0) {
            throw new IllegalArgumentException("useInMs must not be negative");
        }
    }

    public CallEpoch callEpoch() {
        return new CallEpoch(epoch, secret);
    }

    /**
     * Reads a received content.
     *
     * @throws JsonShapeException when a field is missing, of the wrong type, or the version is not 1
     */
    public static EpochKeyContent parse(JsonObject content) {
        long version = content.integer("version");
        if (version != VERSION) {
            throw new JsonShapeException("unsupported epoch key version " + version);
        }
        RoomId room;
        try {
            room = RoomId.parse(content.string("room_id"));
        } catch (InvalidIdentifierException e) {
            throw new JsonShapeException(e.getMessage());
        }
        JsonObject epoch = content.object("epoch");
        long counter = epoch.integer("counter");
        String distributor = epoch.string("distributor");
        if (counter < 0 || distributor.isEmpty()) {
            throw new JsonShapeException("epoch needs a non-negative counter and a distributor");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(stripPadding(content.string("secret")));
        } catch (IllegalArgumentException e) {
            throw new JsonShapeException("secret is not base64");
        }
        if (secret.length != CallEpoch.SECRET_LENGTH) {
            throw new JsonShapeException("secret must hold 32 bytes, not " + secret.length);
        }
        JsonObject member = content.object("member");
        String claimedDevice = member.string("claimed_device_id");
        if (claimedDevice.isEmpty()) {
            throw new JsonShapeException("member.claimed_device_id is empty");
        }
        long useInMs = content.optionalInteger("use_in_ms").orElse(DEFAULT_USE_IN_MS);
        if (useInMs < 0) {
            throw new JsonShapeException("use_in_ms must not be negative");
        }
        var parsed = new EpochKeyContent(room, content.string("slot_id"),
                new EpochId(counter, new ParticipantId(distributor)), SecretBytes.copyOf(secret), useInMs,
                member.string("id"), claimedDevice, content.lenientInteger("sent_ts").orElse(0));
        java.util.Arrays.fill(secret, (byte) 0);
        return parsed;
    }

    public JsonObject toJson() {
        return JsonObject.builder()
                .put("version", VERSION)
                .put("room_id", room.value())
                .put("slot_id", slotId)
                .put("epoch", JsonObject.builder().put("counter", epoch.counter())
                        .put("distributor", epoch.distributor().value()).build())
                .put("secret", Base64.getEncoder().withoutPadding().encodeToString(secret.exposeCopy()))
                .put("use_in_ms", useInMs)
                .put("member", JsonObject.builder().put("id", memberId).put("claimed_device_id", claimedDeviceId)
                        .build())
                .put("sent_ts", sentTs)
                .build();
    }

    /** The value a capable member puts under {@link #CAPABILITY_FIELD} in its membership content. */
    public static JsonObject capability() {
        return JsonObject.builder().put("versions", JsonValue.of(List.of(JsonValue.of(VERSION)))).build();
    }

    /** Whether a membership content advertises epoch keys of this version; anything malformed means no. */
    public static boolean advertisedBy(JsonObject membershipContent) {
        return membershipContent.get(CAPABILITY_FIELD)
                .flatMap(field -> field instanceof JsonObject object ? object.get("versions") : java.util.Optional.empty())
                .map(versions -> versions instanceof JsonArray array
                        && array.elements().stream().anyMatch(v -> v instanceof JsonInteger(long value)
                                && value == VERSION))
                .orElse(false);
    }

    private static String stripPadding(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        return text.substring(0, end);
    }
}
