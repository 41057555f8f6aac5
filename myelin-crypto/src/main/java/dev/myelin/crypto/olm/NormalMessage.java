package dev.myelin.crypto.olm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.internal.AesSha2Cipher;
import dev.myelin.crypto.internal.ProtoReader;
import dev.myelin.crypto.internal.ProtoWriter;
import java.util.Arrays;

/**
 * A normal (type 1) Olm message, version 3: {@code 03 | 0A 20 ratchet key | 10 chain index | 22 ciphertext | MAC(8)}.
 * The encoded bytes are kept because the MAC covers them exactly as received.
 */
public final class NormalMessage implements OlmMessage {
    private static final long MAX_CHAIN_INDEX = 0xFFFF_FFFFL;

    private final Curve25519PublicKey ratchetKey;
    private final long chainIndex;
    private final byte[] ciphertext;
    private final byte[] encoded;

    private NormalMessage(Curve25519PublicKey ratchetKey, long chainIndex, byte[] ciphertext, byte[] encoded) {
        this.ratchetKey = ratchetKey;
        this.chainIndex = chainIndex;
        this.ciphertext = ciphertext;
        this.encoded = encoded;
    }

    /** Encodes and MACs a message; {@code cipher} is the message key's cipher. */
    static NormalMessage seal(Curve25519PublicKey ratchetKey, long chainIndex, byte[] ciphertext, AesSha2Cipher cipher) {
        byte[] body = new ProtoWriter().raw(VERSION)
                .bytesField(1, ratchetKey.toBytes())
                .varintField(2, chainIndex)
                .bytesField(4, ciphertext)
                .toByteArray();
        byte[] encoded = Arrays.copyOf(body, body.length + AesSha2Cipher.MAC_LENGTH);
        System.arraycopy(cipher.mac(body, body.length), 0, encoded, body.length, AesSha2Cipher.MAC_LENGTH);
        return new NormalMessage(ratchetKey, chainIndex, ciphertext, encoded);
    }

    /** Parses a version-3 message; fields may come in any order, unknown fields are skipped. */
    public static NormalMessage decode(byte[] bytes) {
        if (bytes.length < 1 + AesSha2Cipher.MAC_LENGTH || bytes[0] != VERSION) {
            throw new OlmException("not a version 3 Olm message");
        }
        byte[] ratchet = null;
        long index = -1;
        byte[] ciphertext = null;
        try {
            var reader = new ProtoReader(bytes, 1, bytes.length - AesSha2Cipher.MAC_LENGTH);
            while (reader.hasMore()) {
                int tag = reader.tag();
                switch (tag) {
                    case 0x0A -> ratchet = reader.lengthDelimited();
                    case 0x10 -> index = reader.varint();
                    case 0x22 -> ciphertext = reader.lengthDelimited();
                    default -> reader.skip(tag);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new OlmException("malformed Olm message");
        }
        if (ratchet == null || ratchet.length != Curve25519PublicKey.LENGTH || index < 0 || index > MAX_CHAIN_INDEX
                || ciphertext == null) {
            throw new OlmException("Olm message lacks a ratchet key, chain index or ciphertext");
        }
        return new NormalMessage(Curve25519PublicKey.fromBytes(ratchet), index, ciphertext, bytes.clone());
    }

    public Curve25519PublicKey ratchetKey() {
        return ratchetKey;
    }

    public long chainIndex() {
        return chainIndex;
    }

    byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** Checks the MAC in constant time with the message key's cipher. */
    boolean macMatches(AesSha2Cipher cipher) {
        int bodyLength = encoded.length - AesSha2Cipher.MAC_LENGTH;
        return cipher.verifyMac(encoded, bodyLength, Arrays.copyOfRange(encoded, bodyLength, encoded.length));
    }

    @Override
    public int type() {
        return 1;
    }

    @Override
    public byte[] toBytes() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NormalMessage message && Arrays.equals(encoded, message.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "NormalMessage[ratchetKey=" + ratchetKey.toBase64() + ", chainIndex=" + chainIndex + "]";
    }
}
