package dev.myelin.crypto.olm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.internal.ProtoReader;
import dev.myelin.crypto.internal.ProtoWriter;
import java.util.Arrays;

/**
 * A pre-key (type 0) Olm message, version 3: {@code 03 | 0A 20 one-time key | 12 20 base key | 1A 20 identity key |
 * 22 normal message}. It has no MAC of its own; the inner message carries one.
 */
public final class PreKeyMessage implements OlmMessage {
    private final Curve25519PublicKey oneTimeKey;
    private final Curve25519PublicKey baseKey;
    private final Curve25519PublicKey identityKey;
    private final NormalMessage message;
    private final byte[] encoded;

    private PreKeyMessage(Curve25519PublicKey oneTimeKey, Curve25519PublicKey baseKey, Curve25519PublicKey identityKey,
            NormalMessage message, byte[] encoded) {
        this.oneTimeKey = oneTimeKey;
        this.baseKey = baseKey;
        this.identityKey = identityKey;
        this.message = message;
        this.encoded = encoded;
    }

    static PreKeyMessage wrap(Curve25519PublicKey oneTimeKey, Curve25519PublicKey baseKey,
            Curve25519PublicKey identityKey, NormalMessage message) {
        byte[] encoded = new ProtoWriter().raw(VERSION)
                .bytesField(1, oneTimeKey.toBytes())
                .bytesField(2, baseKey.toBytes())
                .bytesField(3, identityKey.toBytes())
                .bytesField(4, message.toBytes())
                .toByteArray();
        return new PreKeyMessage(oneTimeKey, baseKey, identityKey, message, encoded);
    }

    /** Parses a version-3 pre-key message; fields may come in any order, unknown fields are skipped. */
    public static PreKeyMessage decode(byte[] bytes) {
        if (bytes.length < 1 || bytes[0] != VERSION) {
            throw new OlmException("not a version 3 Olm pre-key message");
        }
        byte[] oneTime = null;
        byte[] base = null;
        byte[] identity = null;
        byte[] inner = null;
        try {
            var reader = new ProtoReader(bytes, 1, bytes.length);
            while (reader.hasMore()) {
                int tag = reader.tag();
                switch (tag) {
                    case 0x0A -> oneTime = reader.lengthDelimited();
                    case 0x12 -> base = reader.lengthDelimited();
                    case 0x1A -> identity = reader.lengthDelimited();
                    case 0x22 -> inner = reader.lengthDelimited();
                    default -> reader.skip(tag);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new OlmException("malformed Olm pre-key message");
        }
        if (!isKey(oneTime) || !isKey(base) || !isKey(identity) || inner == null) {
            throw new OlmException("Olm pre-key message lacks a key or its message");
        }
        return new PreKeyMessage(Curve25519PublicKey.fromBytes(oneTime), Curve25519PublicKey.fromBytes(base),
                Curve25519PublicKey.fromBytes(identity), NormalMessage.decode(inner), bytes.clone());
    }

    private static boolean isKey(byte[] bytes) {
        return bytes != null && bytes.length == Curve25519PublicKey.LENGTH;
    }

    /** The receiver's one-time (or fallback) key the sender claimed. */
    public Curve25519PublicKey oneTimeKey() {
        return oneTimeKey;
    }

    public Curve25519PublicKey baseKey() {
        return baseKey;
    }

    /** The sender's Curve25519 identity key. */
    public Curve25519PublicKey identityKey() {
        return identityKey;
    }

    public NormalMessage message() {
        return message;
    }

    /** The id of the session this message would open: {@code base64(SHA-256(identity ‖ base ‖ one-time))}. */
    public String sessionId() {
        return OlmSession.sessionId(identityKey, baseKey, oneTimeKey);
    }

    @Override
    public int type() {
        return 0;
    }

    @Override
    public byte[] toBytes() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreKeyMessage m && Arrays.equals(encoded, m.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "PreKeyMessage[session=" + sessionId() + ", " + message + "]";
    }
}
