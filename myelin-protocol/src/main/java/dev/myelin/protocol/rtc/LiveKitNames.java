package dev.myelin.protocol.rtc;

import dev.myelin.json.HashInputJson;
import dev.myelin.protocol.id.RoomId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * LiveKit participant identities and room names. Hashes are unpadded standard base64 of SHA-256 over a compact JSON
 * string array; the client side serialises as JavaScript's JSON.stringify, lk-jwt-service as Go's json.Marshal, and
 * the two differ for {@code < > &} and U+2028/2029, so the form is chosen explicitly.
 */
public final class LiveKitNames {
    /** Which serialiser the peer whose names must match uses. */
    public enum JsonForm {
        /** matrix-js-sdk and Element Call. */
        JS_STRINGIFY,
        /** lk-jwt-service. */
        GO_MARSHAL
    }

    private LiveKitNames() {
    }

    /** The LiveKit identity of a member: {@code user:device} for legacy members, a hash for sticky ones. */
    public static String identity(RtcMembership member) {
        if (member.dialect().isSticky()) {
            return hash(List.of(member.sender().toString(), member.deviceId(), member.memberId()), JsonForm.JS_STRINGIFY);
        }
        return member.sender() + ":" + member.deviceId();
    }

    /** The LiveKit room name for a slot of a room. */
    public static String roomName(RoomId room, SlotId slot, JsonForm form) {
        return hash(List.of(room.value(), slot.toString()), form);
    }

    /** Unpadded standard base64 of SHA-256 over the JSON array of {@code parts}. */
    public static String hash(List<String> parts, JsonForm form) {
        String json = switch (form) {
            case JS_STRINGIFY -> HashInputJson.jsStringify(parts);
            case GO_MARSHAL -> HashInputJson.goMarshal(parts);
        };
        return Base64.getEncoder().withoutPadding().encodeToString(sha256(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
