package dev.myelin.crypto.megolm;

import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.internal.AesSha2Cipher;
import dev.myelin.crypto.internal.Base64Unpadded;
import dev.myelin.crypto.internal.Primitives;
import dev.myelin.crypto.internal.ProtoReader;
import dev.myelin.crypto.internal.ProtoWriter;
import java.util.Arrays;

/**
 * A Megolm group message, version 3: {@code 03 | 08 index | 12 ciphertext | MAC(8) | Ed25519 signature(64)}. The MAC
 * covers version and payload; the signature covers everything before it, MAC included.
 */
public final class MegolmMessage {
    static final int VERSION = 3;
    private static final int TRAILER = AesSha2Cipher.MAC_LENGTH + Ed25519Signature.LENGTH;

    private final long messageIndex;
    private final byte[] ciphertext;
    private final byte[] encoded;

    private MegolmMessage(long messageIndex, byte[] ciphertext, byte[] encoded) {
        this.messageIndex = messageIndex;
        this.ciphertext = ciphertext;
        this.encoded = encoded;
    }

    interface Signer {
        Ed25519Signature sign(byte[] message);
    }

    static MegolmMessage seal(long index, byte[] ciphertext, AesSha2Cipher cipher, Signer signer) {
        byte[] body = new ProtoWriter().raw(VERSION).varintField(1, index).bytesField(2, ciphertext).toByteArray();
        byte[] withMac = Primitives.concat(body, cipher.mac(body, body.length));
        byte[] encoded = Primitives.concat(withMac, signer.sign(withMac).toBytes());
        return new MegolmMessage(index, ciphertext, encoded);
    }

    /** Parses a version-3 group message; throws {@link MegolmException} when it is malformed. */
    public static MegolmMessage decode(byte[] bytes) {
        if (bytes.length < 1 + TRAILER || bytes[0] != VERSION) {
            throw new MegolmException("not a version 3 Megolm message");
        }
        long index = -1;
        byte[] ciphertext = null;
        try {
            var reader = new ProtoReader(bytes, 1, bytes.length - TRAILER);
            while (reader.hasMore()) {
                int tag = reader.tag();
                switch (tag) {
                    case 0x08 -> index = reader.varint();
                    case 0x12 -> ciphertext = reader.lengthDelimited();
                    default -> reader.skip(tag);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new MegolmException("malformed Megolm message");
        }
        if (index < 0 || index > 0xFFFF_FFFFL || ciphertext == null) {
            throw new MegolmException("Megolm message lacks an index or ciphertext");
        }
        return new MegolmMessage(index, ciphertext, bytes.clone());
    }

    public static MegolmMessage fromBase64(String base64) {
        try {
            return decode(Base64Unpadded.decode(base64));
        } catch (IllegalArgumentException e) {
            throw new MegolmException("Megolm message is not base64");
        }
    }

    public long messageIndex() {
        return messageIndex;
    }

    byte[] ciphertext() {
        return ciphertext.clone();
    }

    boolean signatureMatches(Ed25519PublicKey key) {
        int signed = encoded.length - Ed25519Signature.LENGTH;
        return key.verify(Arrays.copyOf(encoded, signed),
                Ed25519Signature.fromBytes(Arrays.copyOfRange(encoded, signed, encoded.length)));
    }

    boolean macMatches(AesSha2Cipher cipher) {
        int macAt = encoded.length - TRAILER;
        return cipher.verifyMac(encoded, macAt, Arrays.copyOfRange(encoded, macAt, macAt + AesSha2Cipher.MAC_LENGTH));
    }

    public byte[] toBytes() {
        return encoded.clone();
    }

    public String toBase64() {
        return Base64Unpadded.encode(encoded);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MegolmMessage m && Arrays.equals(encoded, m.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "MegolmMessage[index=" + messageIndex + "]";
    }
}
