package dev.myelin.crypto.megolm;

import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.internal.AesSha2Cipher;
import dev.myelin.crypto.internal.StateWriter;
import java.util.Arrays;

/**
 * The receiving side of a Megolm session. Keeps the ratchet at the first known index (to decrypt anything later) and
 * the latest one reached (so that reading forward stays cheap). Not thread safe. Replay detection (same index, other
 * event) belongs to the caller, which knows event ids.
 */
public final class InboundGroupSession {
    private final MegolmRatchet initialRatchet;
    private MegolmRatchet latestRatchet;
    private final Ed25519PublicKey signingKey;
    private final boolean signatureVerified;

    private InboundGroupSession(SessionKeys.Parsed parsed) {
        this(parsed.ratchet(), parsed.ratchet().copy(), parsed.signingKey(), parsed.signed());
    }

    private InboundGroupSession(MegolmRatchet initialRatchet, MegolmRatchet latestRatchet, Ed25519PublicKey signingKey,
            boolean signatureVerified) {
        this.initialRatchet = initialRatchet;
        this.latestRatchet = latestRatchet;
        this.signingKey = signingKey;
        this.signatureVerified = signatureVerified;
    }

    /** From an {@code m.room_key} session key (v2); throws {@link MegolmException} if its signature does not verify. */
    public static InboundGroupSession fromSessionKey(String sessionKey) {
        return new InboundGroupSession(SessionKeys.parseSessionKey(sessionKey));
    }

    /** From an exported (v1, unsigned) key, as in forwarded room keys and key backups. */
    public static InboundGroupSession importSession(String exportedKey) {
        return new InboundGroupSession(SessionKeys.parseExport(exportedKey));
    }

    public String sessionId() {
        return signingKey.toBase64();
    }

    public Ed25519PublicKey signingKey() {
        return signingKey;
    }

    public long firstKnownIndex() {
        return initialRatchet.index();
    }

    /** Whether the key came signed by the session's own key (true for session keys, false for imports). */
    public boolean isSignatureVerified() {
        return signatureVerified;
    }

    /** The v1 export of this session from {@code index} on ({@code index} ≥ {@link #firstKnownIndex()}). */
    public String export(long index) {
        if (index < firstKnownIndex() || index > 0xFFFF_FFFFL) {
            throw new MegolmException("cannot export before the first known index");
        }
        MegolmRatchet ratchet = initialRatchet.copy();
        ratchet.advanceTo((int) index);
        try {
            return SessionKeys.export(ratchet, signingKey);
        } finally {
            ratchet.wipe();
        }
    }

    /** Verifies signature and MAC, then decrypts; throws {@link MegolmException} and changes nothing otherwise. */
    public DecryptedGroupMessage decrypt(MegolmMessage message) {
        if (!message.signatureMatches(signingKey)) {
            throw new MegolmException("Megolm message failed to decrypt");
        }
        long index = message.messageIndex();
        if (index < firstKnownIndex()) {
            throw new MegolmException("Megolm message index " + index + " is before the first known index");
        }
        boolean forward = index >= latestRatchet.index();
        MegolmRatchet ratchet = (forward ? latestRatchet : initialRatchet).copy();
        ratchet.advanceTo((int) index);
        byte[] key = ratchet.data();
        var cipher = new AesSha2Cipher(key, AesSha2Cipher.MEGOLM_KEYS);
        Arrays.fill(key, (byte) 0);
        try {
            if (!message.macMatches(cipher)) {
                throw new MegolmException("Megolm message failed to decrypt");
            }
            byte[] plaintext = cipher.decrypt(message.ciphertext())
                    .orElseThrow(() -> new MegolmException("Megolm message failed to decrypt"));
            if (forward) {
                latestRatchet.wipe();
                latestRatchet = ratchet;
            } else {
                ratchet.wipe();
            }
            return new DecryptedGroupMessage(plaintext, index);
        } finally {
            cipher.wipe();
        }
    }

    /** This session's state, encrypted at rest under {@code key} (32 bytes). */
    public byte[] pickle(SecretBytes key) {
        var out = new StateWriter();
        MegolmState.writeRatchet(out, initialRatchet);
        MegolmState.writeRatchet(out, latestRatchet);
        out.fixed(signingKey.toBytes()).bool(signatureVerified);
        return MegolmState.seal(key, MegolmState.INBOUND_LABEL, out);
    }

    /** Restores a pickled session; throws {@link MegolmException} on a wrong key or damaged bytes. */
    public static InboundGroupSession unpickle(byte[] pickled, SecretBytes key) {
        return MegolmState.open(key, MegolmState.INBOUND_LABEL, pickled, in -> {
            MegolmRatchet initial = MegolmState.readRatchet(in);
            MegolmRatchet latest = MegolmState.readRatchet(in);
            if (Long.compare(latest.index(), initial.index()) < 0) {
                throw new IllegalArgumentException("latest ratchet before initial");
            }
            return new InboundGroupSession(initial, latest, Ed25519PublicKey.fromBytes(in.fixed(32)), in.bool());
        });
    }

    @Override
    public String toString() {
        return "InboundGroupSession[" + sessionId() + ", firstKnownIndex=" + firstKnownIndex() + "]";
    }
}
