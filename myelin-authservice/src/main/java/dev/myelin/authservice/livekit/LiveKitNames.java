package dev.myelin.authservice.livekit;

import dev.myelin.json.HashInputJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * LiveKit room names and participant identities as lk-jwt-service derives them: unpadded standard base64 of SHA-256
 * over Go's {@code json.Marshal} of a string array. Clients compute the same values, so these must match exactly.
 */
public final class LiveKitNames {
    /** The slot every legacy ({@code /sfu/get}) room lives in. */
    public static final String LEGACY_SLOT = "m.call#ROOM";

    private LiveKitNames() {
    }

    public static String roomName(String matrixRoom, String slotId) {
        return hash(List.of(matrixRoom, slotId));
    }

    public static String identity(String userId, String deviceId, String memberId) {
        return hash(List.of(userId, deviceId, memberId));
    }

    /** The legacy identity is not hashed: {@code user_id + ":" + device_id}. */
    public static String legacyIdentity(String userId, String deviceId) {
        return userId + ":" + deviceId;
    }

    static String hash(List<String> parts) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(HashInputJson.goMarshal(parts).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
