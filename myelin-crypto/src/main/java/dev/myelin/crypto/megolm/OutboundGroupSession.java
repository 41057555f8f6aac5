package dev.myelin.crypto.megolm;

import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.internal.AesSha2Cipher;
import dev.myelin.crypto.internal.Ed25519KeyPair;
import dev.myelin.crypto.internal.StateWriter;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The sending side of a Megolm session: a fresh ratchet at index 0 and an Ed25519 key that signs every message. Not
 * thread safe. Share {@link #sessionKey()} over Olm ({@code m.room_key}) before or with the first message.
 */
public final class OutboundGroupSession {
    private final MegolmRatchet ratchet;
    private final Ed25519KeyPair signingKey;

    private OutboundGroupSession(MegolmRatchet ratchet, Ed25519KeyPair signingKey) {
        this.ratchet = ratchet;
        this.signingKey = signingKey;
    }

    public static OutboundGroupSession create(RandomGenerator random) {
        byte[] data = new byte[MegolmRatchet.LENGTH];
        random.nextBytes(data);
        var ratchet = new MegolmRatchet(data, 0);
        Arrays.fill(data, (byte) 0);
        return new OutboundGroupSession(ratchet, Ed25519KeyPair.generate(random));
    }

    /** The session id: the unpadded base64 of the signing key. */
    public String sessionId() {
        return signingKey.publicKey().toBase64();
    }

    public Ed25519PublicKey signingKey() {
        return signingKey.publicKey();
    }

    /** The index the next message will carry. */
    public long messageIndex() {
        return ratchet.index();
    }

    /** The signed v2 session key at the current index, for {@code m.room_key}. */
    public String sessionKey() {
        return SessionKeys.sessionKey(ratchet, signingKey);
    }

    public MegolmMessage encrypt(byte[] plaintext) {
        byte[] key = ratchet.data();
        var cipher = new AesSha2Cipher(key, AesSha2Cipher.MEGOLM_KEYS);
        Arrays.fill(key, (byte) 0);
        MegolmMessage message = MegolmMessage.seal(ratchet.index(), cipher.encrypt(plaintext), cipher, signingKey::sign);
        cipher.wipe();
        ratchet.advance();
        return message;
    }

    /** This session's state, encrypted at rest under {@code key} (32 bytes). */
    public byte[] pickle(SecretBytes key) {
        var out = new StateWriter();
        MegolmState.writeRatchet(out, ratchet);
        out.fixed(signingKey.seed().exposeCopy());
        return MegolmState.seal(key, MegolmState.OUTBOUND_LABEL, out);
    }

    /** Restores a pickled session; throws {@link MegolmException} on a wrong key or damaged bytes. */
    public static OutboundGroupSession unpickle(byte[] pickled, SecretBytes key) {
        return MegolmState.open(key, MegolmState.OUTBOUND_LABEL, pickled,
                in -> new OutboundGroupSession(MegolmState.readRatchet(in), Ed25519KeyPair.fromSeed(in.fixed(32))));
    }

    @Override
    public String toString() {
        return "OutboundGroupSession[" + sessionId() + ", index=" + messageIndex() + "]";
    }
}
