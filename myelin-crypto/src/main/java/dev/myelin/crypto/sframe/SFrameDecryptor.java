package dev.myelin.crypto.sframe;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.crypto.frame.UndecryptableFrameException;
import dev.myelin.crypto.frame.UndecryptableFrameException.Reason;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Unprotects SFrame ciphertexts (RFC 9605 section 4.4.4) with the keys of a small KID-indexed ring. A frame whose KID
 * has no key raises {@link Reason#MISSING_KEY} (the caller may buffer it until the key arrives); every other failure
 * raises {@link Reason#INVALID_KEY} or {@link Reason#MALFORMED}. Only {@link UndecryptableFrameException} is thrown
 * for bad input. Replay protection is left to the caller (the CTR is available through {@link SFrameHeader#decode}).
 *
 * <p>Writes the plaintext into a caller-provided buffer; steady-state decryption allocates nothing of its own. Not
 * thread-safe.
 */
public final class SFrameDecryptor {
    private static final byte[] NONE = new byte[0];

    private final SFrameCipherSuite suite;
    private final SFrameHeader.Parsed header = new SFrameHeader.Parsed();
    private final AesGcm gcm;
    private SFrameKeyContext[] keys = new SFrameKeyContext[4];
    private int keyCount;

    private SFrameDecryptor(SFrameCipherSuite suite, AesGcmEngine engine) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.gcm = suite.isGcm() ? engine.newAesGcm() : null;
    }

    public static SFrameDecryptor create(SFrameCipherSuite suite) {
        return new SFrameDecryptor(suite, AesGcmEngine.jdk());
    }

    /** As {@link #create(SFrameCipherSuite)}; the GCM suites take AES-GCM from {@code engine}. */
    public static SFrameDecryptor create(SFrameCipherSuite suite, AesGcmEngine engine) {
        return new SFrameDecryptor(suite, Objects.requireNonNull(engine, "engine"));
    }

    public SFrameCipherSuite suite() {
        return suite;
    }

    /** Adds or replaces the key for {@code kid}. */
    public void addKey(long kid, SecretBytes baseKey) {
        SFrameKeySchedule.Derived derived = SFrameKeySchedule.derive(suite, kid, baseKey);
        SFrameKeyContext context = new SFrameKeyContext(suite, kid, derived.key(), derived.salt(), gcm);
        Arrays.fill(derived.key(), (byte) 0);
        int at = indexOf(kid);
        if (at >= 0) {
            keys[at] = context;
            return;
        }
        if (keyCount == keys.length) {
            keys = Arrays.copyOf(keys, keyCount * 2);
        }
        keys[keyCount++] = context;
    }

    /** Removes the key for {@code kid}; returns whether there was one. */
    public boolean removeKey(long kid) {
        int at = indexOf(kid);
        if (at < 0) {
            return false;
        }
        keys[at] = keys[--keyCount];
        keys[keyCount] = null;
        return true;
    }

    public boolean hasKey(long kid) {
        return indexOf(kid) >= 0;
    }

    /** {@link #decrypt(byte[], int, int, byte[], int, int, byte[], int)} without metadata. */
    public int decrypt(byte[] frame, int offset, int length, byte[] out, int outOffset) {
        return decrypt(NONE, 0, 0, frame, offset, length, out, outOffset);
    }

    /**
     * Unprotects the SFrame ciphertext {@code frame[offset, offset+length)} with {@code metadata} as additional
     * authenticated data, writing the plaintext into {@code out} from {@code outOffset} (at most {@code length} bytes);
     * returns the plaintext length.
     *
     * @throws UndecryptableFrameException when the frame is malformed, its KID unknown, or authentication fails
     */
    public int decrypt(byte[] metadata, int metadataOffset, int metadataLength, byte[] frame, int offset,
            int length, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(metadataOffset, metadataLength, metadata.length);
        Objects.checkFromIndexSize(offset, length, frame.length);
        if (!header.parse(frame, offset, length) || length - header.length < suite.tagLength()) {
            throw new UndecryptableFrameException(Reason.MALFORMED, "Not an SFrame ciphertext");
        }
        int at = indexOf(header.kid);
        if (at < 0) {
            throw new UndecryptableFrameException(Reason.MISSING_KEY, "No key for the frame's KID");
        }
        int ciphertextLength = length - header.length;
        Objects.checkFromIndexSize(outOffset, ciphertextLength - suite.tagLength(), out.length);
        int plaintextLength;
        try {
            plaintextLength = keys[at].open(header.ctr, frame, offset, header.length, metadata, metadataOffset,
                    metadataLength, frame, offset + header.length, ciphertextLength, out, outOffset);
        } catch (GeneralSecurityException e) {
            plaintextLength = -1;
        }
        if (plaintextLength < 0) {
            throw new UndecryptableFrameException(Reason.INVALID_KEY, "Frame did not authenticate");
        }
        return plaintextLength;
    }

    private int indexOf(long kid) {
        for (int i = 0; i < keyCount; i++) {
            if (keys[i].kid == kid) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "SFrameDecryptor[" + suite + ", " + keyCount + " keys]";
    }
}
