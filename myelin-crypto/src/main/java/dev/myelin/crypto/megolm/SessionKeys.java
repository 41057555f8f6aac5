package dev.myelin.crypto.megolm;

import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.internal.Base64Unpadded;
import dev.myelin.crypto.internal.Ed25519KeyPair;
import dev.myelin.crypto.internal.Primitives;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The two ways a Megolm ratchet travels. {@code m.room_key} session keys (v2, 229 bytes):
 * {@code 02 | u32be index | R (128) | Ed25519 key (32) | signature (64) over the first 165 bytes}; exports for
 * forwarding and backup (v1, 165 bytes): {@code 01 | u32be index | R (128) | Ed25519 key (32)}.
 */
final class SessionKeys {
    private static final int SESSION_KEY_VERSION = 2;
    private static final int EXPORT_VERSION = 1;
    private static final int UNSIGNED_LENGTH = 1 + 4 + MegolmRatchet.LENGTH + Ed25519PublicKey.LENGTH;

    /** A parsed key: the ratchet and the signing key, and whether the bytes were signed by that key. */
    record Parsed(MegolmRatchet ratchet, Ed25519PublicKey signingKey, boolean signed) {
    }

    private SessionKeys() {
    }

    static String sessionKey(MegolmRatchet ratchet, Ed25519KeyPair signingKey) {
        byte[] unsigned = unsigned(SESSION_KEY_VERSION, ratchet, signingKey.publicKey());
        return Base64Unpadded.encode(Primitives.concat(unsigned, signingKey.sign(unsigned).toBytes()));
    }

    static String export(MegolmRatchet ratchet, Ed25519PublicKey signingKey) {
        return Base64Unpadded.encode(unsigned(EXPORT_VERSION, ratchet, signingKey));
    }

    private static byte[] unsigned(int version, MegolmRatchet ratchet, Ed25519PublicKey signingKey) {
        return ByteBuffer.allocate(UNSIGNED_LENGTH).put((byte) version).putInt(ratchet.counter())
                .put(ratchet.data()).put(signingKey.toBytes()).array();
    }

    static Parsed parseSessionKey(String base64) {
        byte[] bytes = decode(base64);
        if (bytes.length != UNSIGNED_LENGTH + Ed25519Signature.LENGTH || bytes[0] != SESSION_KEY_VERSION) {
            throw new MegolmException("not a version 2 Megolm session key");
        }
        Parsed parsed = parseUnsigned(bytes);
        var signature = Ed25519Signature.fromBytes(Arrays.copyOfRange(bytes, UNSIGNED_LENGTH, bytes.length));
        if (!parsed.signingKey().verify(Arrays.copyOf(bytes, UNSIGNED_LENGTH), signature)) {
            throw new MegolmException("Megolm session key signature does not verify");
        }
        return new Parsed(parsed.ratchet(), parsed.signingKey(), true);
    }

    static Parsed parseExport(String base64) {
        byte[] bytes = decode(base64);
        if (bytes.length != UNSIGNED_LENGTH || bytes[0] != EXPORT_VERSION) {
            throw new MegolmException("not a version 1 Megolm session export");
        }
        return parseUnsigned(bytes);
    }

    private static Parsed parseUnsigned(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, UNSIGNED_LENGTH - 1);
        int counter = buffer.getInt();
        byte[] data = new byte[MegolmRatchet.LENGTH];
        buffer.get(data);
        byte[] key = new byte[Ed25519PublicKey.LENGTH];
        buffer.get(key);
        var ratchet = new MegolmRatchet(data, counter);
        Arrays.fill(data, (byte) 0);
        return new Parsed(ratchet, Ed25519PublicKey.fromBytes(key), false);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64Unpadded.decode(base64);
        } catch (IllegalArgumentException e) {
            throw new MegolmException("Megolm key is not base64");
        }
    }
}
