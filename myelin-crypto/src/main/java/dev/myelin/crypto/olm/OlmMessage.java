package dev.myelin.crypto.olm;

import dev.myelin.crypto.internal.Base64Unpadded;

/** An Olm message as carried in {@code m.room.encrypted}: type 0 (pre-key) or type 1 (normal), base64 body. */
public sealed interface OlmMessage permits PreKeyMessage, NormalMessage {
    int VERSION = 3;

    /** 0 for a pre-key message, 1 for a normal message. */
    int type();

    /** The encoded message. */
    byte[] toBytes();

    default String toBase64() {
        return Base64Unpadded.encode(toBytes());
    }

    /** Parses a message of the given type; throws {@link OlmException} on a bad type, base64 or encoding. */
    static OlmMessage fromBase64(int type, String body) {
        byte[] bytes;
        try {
            bytes = Base64Unpadded.decode(body);
        } catch (IllegalArgumentException e) {
            throw new OlmException("Olm message body is not base64");
        }
        return switch (type) {
            case 0 -> PreKeyMessage.decode(bytes);
            case 1 -> NormalMessage.decode(bytes);
            default -> throw new OlmException("unknown Olm message type " + type);
        };
    }
}
