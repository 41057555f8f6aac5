package dev.myelin.crypto.sframe;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.crypto.frame.UndecryptableFrameException;
import dev.myelin.crypto.frame.UndecryptableFrameException.Reason;
import java.util.Arrays;
import java.util.Objects;

/**
 * Unprotects SFrame ciphertexts (RFC 9605 section 4.4.4) with the keys of a small KID-indexed ring. A frame whose KID
 * has no key raises {@link Reason#MISSING_KEY} (the caller may buffer it until the key arrives); every other failure
 * raises {@link Reason#INVALID_KEY} or {@link Reason#MALFORMED}. Only {@link UndecryptableFrameException} is thrown
 * for bad input.
 *
 * <p>Replay protection is off unless asked for with {@link #create(SFrameCipherSuite, AesGcmEngine, int)}: then each
 * KID keeps an {@link SFrameReplayWindow} of the given size, a frame whose CTR was already accepted or lies below the
 * window raises {@link Reason#REPLAYED} before any decryption, and a CTR is recorded only once its frame
 * authenticated. Adding a key for a KID (a new base key) starts its window afresh.
 *
 * <p>Writes the plaintext into a caller-provided buffer; steady-state decryption allocates nothing of its own. Not
 * thread-safe.
 */
public final class SFrameDecryptor {
    private static final byte[] NONE = new byte[0];

    private final SFrameCipherSuite suite;
    private final SFrameHeader.Parsed header = new SFrameHeader.Parsed();
    private final SFramePrimitives primitives;
    private final int replayWindow;
    private SFrameKeyContext[] keys = new SFrameKeyContext[4];
    private SFrameReplayWindow[] windows = new SFrameReplayWindow[4];
    private int keyCount;

    private SFrameDecryptor(SFrameCipherSuite suite, AesGcmEngine engine, int replayWindow) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.primitives = SFramePrimitives.of(suite, engine);
        this.replayWindow = replayWindow;
    }

    public static SFrameDecryptor create(SFrameCipherSuite suite) {
        return new SFrameDecryptor(suite, AesGcmEngine.jdk(), 0);
    }

    /**
     * As {@link #create(SFrameCipherSuite)}; AES-GCM (suites 4, 5) or AES-CTR and HMAC (1–3) come from
     * {@code engine}.
     */
    public static SFrameDecryptor create(SFrameCipherSuite suite, AesGcmEngine engine) {
        return new SFrameDecryptor(suite, Objects.requireNonNull(engine, "engine"), 0);
    }

    /**
     * As {@link #create(SFrameCipherSuite, AesGcmEngine)}, refusing replayed frames: per KID, a CTR already accepted
     * or more than {@code replayWindow − 1} below the highest accepted one raises {@link Reason#REPLAYED}.
     *
     * @param replayWindow 1 to {@link SFrameReplayWindow#MAX_SIZE} counters; a few hundred covers the reordering a
     *     jitter buffer tolerates
     */
    public static SFrameDecryptor create(SFrameCipherSuite suite, AesGcmEngine engine, int replayWindow) {
        new SFrameReplayWindow(replayWindow); // validates the size
        return new SFrameDecryptor(suite, Objects.requireNonNull(engine, "engine"), replayWindow);
    }

    /** The replay window size per KID, or 0 when replay protection is off. */
    public int replayWindow() {
        return replayWindow;
    }

    public SFrameCipherSuite suite() {
        return suite;
    }

    /** Adds or replaces the key for {@code kid}. */
    public void addKey(long kid, SecretBytes baseKey) {
        SFrameKeySchedule.Derived derived = SFrameKeySchedule.derive(suite, kid, baseKey);
        SFrameKeyContext context = new SFrameKeyContext(suite, kid, derived.key(), derived.salt(), primitives);
        Arrays.fill(derived.key(), (byte) 0);
        SFrameReplayWindow window = replayWindow > 0 ? new SFrameReplayWindow(replayWindow) : null;
        int at = indexOf(kid);
        if (at >= 0) {
            keys[at] = context;
            windows[at] = window;
            return;
        }
        if (keyCount == keys.length) {
            keys = Arrays.copyOf(keys, keyCount * 2);
            windows = Arrays.copyOf(windows, keyCount * 2);
        }
        windows[keyCount] = window;
        keys[keyCount++] = context;
    }

    /** Removes the key for {@code kid}; returns whether there was one. */
    public boolean removeKey(long kid) {
        int at = indexOf(kid);
        if (at < 0) {
            return false;
        }
        keys[at] = keys[--keyCount];
        windows[at] = windows[keyCount];
        keys[keyCount] = null;
        windows[keyCount] = null;
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
     * @throws UndecryptableFrameException when the frame is malformed, its KID unknown, its CTR replayed (with
     *     replay protection on), or authentication fails
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
        SFrameReplayWindow window = windows[at];
        if (window != null && !window.isFresh(header.ctr)) {
            throw new UndecryptableFrameException(Reason.REPLAYED, "Frame counter already seen or too old");
        }
        int ciphertextLength = length - header.length;
        Objects.checkFromIndexSize(outOffset, ciphertextLength - suite.tagLength(), out.length);
        int plaintextLength = keys[at].open(header.ctr, frame, offset, header.length, metadata, metadataOffset,
                metadataLength, frame, offset + header.length, ciphertextLength, out, outOffset);
        if (plaintextLength < 0) {
            throw new UndecryptableFrameException(Reason.INVALID_KEY, "Frame did not authenticate");
        }
        if (window != null) {
            window.markSeen(header.ctr);
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
        return "SFrameDecryptor[" + suite + ", " + keyCount + " keys"
                + (replayWindow > 0 ? ", replay window " + replayWindow : "") + "]";
    }
}
