package dev.myelin.authservice.request;

import dev.myelin.protocol.error.MatrixException;
import java.util.Map;

/**
 * The body of {@code POST /get_token} (MSC4195), decoded with lk-jwt-service's rules. The {@code delay_*} members are
 * accepted; {@code delay_cs_api_url} is ignored as upstream does.
 */
public record TokenRequest(String roomId, String slotId, OpenIdTokenFields openIdToken, String memberId,
                           String claimedUserId, String claimedDeviceId, String delayId, long delayTimeout) {
    private static final GoStruct MEMBER = new GoStruct(Map.of(
            "id", GoStruct.STRING,
            "claimed_user_id", GoStruct.STRING,
            "claimed_device_id", GoStruct.STRING));
    private static final GoStruct SHAPE = new GoStruct(Map.of(
            "room_id", GoStruct.STRING,
            "slot_id", GoStruct.STRING,
            "openid_token", new GoStruct.StructField(OpenIdTokenFields.SHAPE),
            "member", new GoStruct.StructField(MEMBER),
            "delay_id", GoStruct.STRING,
            "delay_timeout", GoStruct.INT,
            "delay_cs_api_url", GoStruct.STRING));

    /** @throws RequestDecodingException when Go's strict decoder would refuse the body */
    public static TokenRequest decode(byte[] body) {
        var values = SHAPE.bindTopLevel(GoJsonDecoder.decodeFirstValue(body));
        var member = values.struct("member");
        return new TokenRequest(values.string("room_id"), values.string("slot_id"),
                OpenIdTokenFields.from(values.struct("openid_token")), member.string("id"),
                member.string("claimed_user_id"), member.string("claimed_device_id"), values.string("delay_id"),
                values.integer("delay_timeout"));
    }

    /** The field checks, in upstream's order, before any outbound call. */
    public void validate() {
        if (roomId.isEmpty() || slotId.isEmpty()) {
            throw MatrixException.badJson("The request body is missing `room_id` or `slot_id`");
        }
        if (memberId.isEmpty() || claimedUserId.isEmpty() || claimedDeviceId.isEmpty()) {
            throw MatrixException.badJson(
                    "The request body `member` is missing a `id`, `claimed_user_id` or `claimed_device_id`");
        }
        if (openIdToken.isIncomplete()) {
            throw MatrixException.badJson(
                    "The request body `openid_token` is missing a `access_token` or `matrix_server_name`");
        }
        DelayParameters.validate(delayId, delayTimeout);
    }

    /** {@code /delegate_delayed_leave}'s checks: the same order, messages without the "a", delay mandatory. */
    public void validateDelegation() {
        if (roomId.isEmpty() || slotId.isEmpty()) {
            throw MatrixException.badJson("The request body is missing `room_id` or `slot_id`");
        }
        if (memberId.isEmpty() || claimedUserId.isEmpty() || claimedDeviceId.isEmpty()) {
            throw MatrixException.badJson(
                    "The request body `member` is missing `id`, `claimed_user_id` or `claimed_device_id`");
        }
        if (openIdToken.isIncomplete()) {
            throw MatrixException.badJson(
                    "The request body `openid_token` is missing `access_token` or `matrix_server_name`");
        }
        if (delayId.isEmpty() || delayTimeout <= 0) {
            throw MatrixException.badJson("The request body is missing `delay_id` or `delay_timeout`");
        }
    }

    public boolean delegationRequested() {
        return !delayId.isEmpty();
    }
}
