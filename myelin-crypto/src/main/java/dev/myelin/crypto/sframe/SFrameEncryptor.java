package dev.myelin.crypto.sframe;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.aead.AesGcmEngine;
import java.util.Arrays;
import java.util.Objects;

/**
 * Protects frames as one SFrame sender (RFC 9605 section 4.4.3): {@code header(KID, CTR) ‖ AEAD(key, salt XOR CTR,
 * header ‖ metadata, plaintext)}, with CTR counting up from 0 so that no (KID, CTR) pair repeats. A base key must be
 * used by one sender only, for encryption only.
 *
 * <p>Writes into a caller-provided buffer; steady-state encryption allocates nothing of its own. Not thread-safe.
 */
public final class SFrameEncryptor {
    private static final byte[] NONE = new byte[0];

    private final SFrameCipherSuite suite;
    private final SFrameKeyContext key;
    private final long kid;
    private long nextCounter;
    private boolean exhausted;

    private SFrameEncryptor(SFrameCipherSuite suite, long kid, SecretBytes baseKey, AesGcmEngine engine) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.kid = kid;
        SFrameKeySchedule.Derived derived = SFrameKeySchedule.derive(suite, kid, baseKey);
        this.key = new SFrameKeyContext(suite, kid, derived.key(), derived.salt(), SFramePrimitives.of(suite, engine));
        Arrays.fill(derived.key(), (byte) 0);
    }

    /** A sender for {@code kid} (unsigned 64-bit) under {@code baseKey}, its counter starting at 0. */
    public static SFrameEncryptor create(SFrameCipherSuite suite, long kid, SecretBytes baseKey) {
        return new SFrameEncryptor(suite, kid, baseKey, AesGcmEngine.jdk());
    }

    /**
     * As {@link #create(SFrameCipherSuite, long, SecretBytes)}; AES-GCM (suites 4, 5) or AES-CTR and HMAC (1–3) come from
     * {@code engine}.
     */
    public static SFrameEncryptor create(SFrameCipherSuite suite, long kid, SecretBytes baseKey, AesGcmEngine engine) {
        return new SFrameEncryptor(suite, kid, baseKey, Objects.requireNonNull(engine, "engine"));
    }

    public SFrameCipherSuite suite() {
        return suite;
    }

    public long kid() {
        return kid;
    }

    /** The CTR the next frame will carry (unsigned). */
    public long nextCounter() {
        return nextCounter;
    }

    /** An output buffer of this size fits the protection of any frame of {@code plaintextLength} bytes. */
    public int maxEncryptedLength(int plaintextLength) {
        return SFrameHeader.MAX_LENGTH + plaintextLength + suite.tagLength();
    }

    /** {@link #encrypt(byte[], int, int, byte[], int, int, byte[], int)} without metadata. */
    public int encrypt(byte[] plaintext, int offset, int length, byte[] out, int outOffset) {
        return encrypt(NONE, 0, 0, plaintext, offset, length, out, outOffset);
    }

    /**
     * Protects {@code plaintext[offset, offset+length)} with {@code metadata} authenticated (not sent) and writes the
     * SFrame ciphertext into {@code out} from {@code outOffset}; returns its length.
     *
     * @throws IllegalStateException when all 2^64 counters have been used
     */
    public int encrypt(byte[] metadata, int metadataOffset, int metadataLength, byte[] plaintext, int offset,
            int length, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(metadataOffset, metadataLength, metadata.length);
        Objects.checkFromIndexSize(offset, length, plaintext.length);
        if (exhausted) {
            throw new IllegalStateException("SFrame counter exhausted for this KID: use a new key");
        }
        long ctr = nextCounter;
        int headerLength = 1 + SFrameHeader.valueLength(kid) + SFrameHeader.valueLength(ctr);
        Objects.checkFromIndexSize(outOffset, headerLength + length + suite.tagLength(), out.length);
        SFrameHeader.encode(kid, ctr, out, outOffset);
        int sealed = key.seal(ctr, out, outOffset, headerLength, metadata, metadataOffset, metadataLength,
                plaintext, offset, length, out, outOffset + headerLength);
        nextCounter++;
        exhausted = nextCounter == 0;
        return headerLength + sealed;
    }

    /** Test hook: the counter the next frame uses. */
    void setNextCounter(long counter) {
        this.nextCounter = counter;
    }

    @Override
    public String toString() {
        return "SFrameEncryptor[" + suite + ", kid=" + Long.toUnsignedString(kid) + "]";
    }
}
