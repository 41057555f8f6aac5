package dev.myelin.authservice.request;

import dev.myelin.protocol.error.MatrixException;
import java.util.Map;

/** The body of the deprecated {@code POST /sfu/get}: a room, an OpenID token and a device id (unchecked). */
public record LegacyTokenRequest(String room, OpenIdTokenFields openIdToken, String deviceId, String delayId,
                                 long delayTimeout) {
    private static final GoStruct SHAPE = new GoStruct(Map.of(
            "room", GoStruct.STRING,
            "openid_token", new GoStruct.StructField(OpenIdTokenFields.SHAPE),
            "device_id", GoStruct.STRING,
            "delay_id", GoStruct.STRING,
            "delay_timeout", GoStruct.INT,
            "delay_cs_api_url", GoStruct.STRING));

    /** @throws RequestDecodingException when Go's strict decoder would refuse the body */
    public static LegacyTokenRequest decode(byte[] body) {
        var values = SHAPE.bindTopLevel(GoJsonDecoder.decodeFirstValue(body));
        return new LegacyTokenRequest(values.string("room"), OpenIdTokenFields.from(values.struct("openid_token")),
                values.string("device_id"), values.string("delay_id"), values.integer("delay_timeout"));
    }

    public void validate() {
        if (room.isEmpty()) {
            throw MatrixException.badJson("Missing room parameter");
        }
        if (openIdToken.isIncomplete()) {
            throw MatrixException.badJson("Missing OpenID token parameters");
        }
        DelayParameters.validate(delayId, delayTimeout);
    }

    public boolean delegationRequested() {
        return !delayId.isEmpty();
    }
}
