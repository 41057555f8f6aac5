package dev.myelin.crypto.frame;

import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.AesGcmEngine;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Encrypts one outgoing track's frames in LiveKit's E2EE frame format (livekit-client 2.23.0 {@code FrameCryptor}
 * encode path), bit for bit:
 *
 * <pre>| clear header | AES-GCM(frame[H:]) ‖ tag16 | IV (12) | 0x0C | key index |</pre>
 *
 * with the clear header as AAD, and for H.264/H.265 everything after the header RBSP-escaped. The key is the ring's
 * current key. The IV is {@code u32(SSRC) ‖ u32(rtpTimestamp) ‖ u32(rtpTimestamp − sendCount % 0xFFFF)} with a
 * per-SSRC send count starting at a random value, as livekit-client makes it.
 *
 * <p>Writes into a caller-provided buffer and keeps its scratch space, so steady-state encryption allocates nothing
 * of its own; with the default JDK {@link AesGcmEngine} SunJCE still allocates about 1 KB per frame, a native engine
 * nothing. One instance per track; not thread-safe.
 */
public final class LiveKitFrameEncryptor {
    /** The SSRC to pass when the encoded frame has none (livekit-client then uses −1, i.e. 0xFFFFFFFF). */
    public static final long UNKNOWN_SSRC = -1;
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    /** Tag, IV, IV length byte, key index byte. */
    static final int OVERHEAD = TAG_LENGTH + IV_LENGTH + 2;

    private final LiveKitKeyRing ring;
    private final RandomGenerator random;
    private final AesGcm gcm;
    private final LiveKitClearHeader clearHeader = new LiveKitClearHeader();
    private final byte[] iv = new byte[IV_LENGTH];
    private LiveKitVideoCodec codec;
    private long[] ssrcs = new long[4];
    private long[] sendCounts = new long[4];
    private int ssrcCount;
    private byte[] scratch = new byte[0];

    private LiveKitFrameEncryptor(LiveKitKeyRing ring, Optional<LiveKitVideoCodec> codec, RandomGenerator random,
            AesGcmEngine engine) {
        this.ring = Objects.requireNonNull(ring, "ring");
        this.codec = codec.orElse(null);
        this.random = Objects.requireNonNull(random, "random");
        this.gcm = engine.newAesGcm();
    }

    /** An encryptor for a track of the given (negotiated) video codec, or none for audio or unknown. */
    public static LiveKitFrameEncryptor create(LiveKitKeyRing ring, Optional<LiveKitVideoCodec> codec) {
        return new LiveKitFrameEncryptor(ring, codec, new SecureRandom(), AesGcmEngine.jdk());
    }

    /** As {@link #create(LiveKitKeyRing, Optional)} with AES-GCM from {@code engine} (e.g. a native one). */
    public static LiveKitFrameEncryptor create(
            LiveKitKeyRing ring, Optional<LiveKitVideoCodec> codec, AesGcmEngine engine) {
        return new LiveKitFrameEncryptor(ring, codec, new SecureRandom(), engine);
    }

    /** As {@link #create(LiveKitKeyRing, Optional)} with the send counters' random start drawn from {@code random}. */
    public static LiveKitFrameEncryptor create(
            LiveKitKeyRing ring, Optional<LiveKitVideoCodec> codec, RandomGenerator random) {
        return new LiveKitFrameEncryptor(ring, codec, random, AesGcmEngine.jdk());
    }

    /** As {@link #create(LiveKitKeyRing, Optional, RandomGenerator)} with AES-GCM from {@code engine}. */
    public static LiveKitFrameEncryptor create(LiveKitKeyRing ring, Optional<LiveKitVideoCodec> codec,
            RandomGenerator random, AesGcmEngine engine) {
        return new LiveKitFrameEncryptor(ring, codec, random, engine);
    }

    /** livekit-client's {@code setVideoCodec}: the codec negotiated for this track changed. */
    public void setVideoCodec(Optional<LiveKitVideoCodec> codec) {
        this.codec = codec.orElse(null);
    }

    /** An output buffer of this size fits the encryption of any frame of {@code frameLength} bytes. */
    public static int maxEncryptedLength(int frameLength) {
        return Rbsp.maxEscapedLength(frameLength + OVERHEAD) + frameLength / 3 + 1;
    }

    /**
     * Encrypts {@code frame[offset, offset+length)} into {@code out} from {@code outOffset} and returns the encrypted
     * length. An empty frame stays empty (returns 0), as livekit-client passes empty DTX frames through.
     *
     * @param ssrc the frame's synchronisation source, 0 to 0xFFFFFFFF, or {@link #UNKNOWN_SSRC}
     * @param rtpTimestamp the frame's RTP timestamp (only the low 32 bits are used)
     * @throws IllegalStateException when the ring has no key at its current index
     * @throws IllegalArgumentException for an AV1 track, a frame shorter than its clear header, or a short buffer
     */
    public int encrypt(LiveKitFrameType type, long ssrc, long rtpTimestamp, byte[] frame, int offset, int length,
            byte[] out, int outOffset) {
        Objects.checkFromIndexSize(offset, length, frame.length);
        if (length == 0) {
            return 0;
        }
        int keyIndex = ring.currentKeyIndex();
        LiveKitKeySet keySet = ring.keySet(keyIndex);
        if (keySet == null) {
            throw new IllegalStateException("No LiveKit key at the current key index " + keyIndex);
        }
        int headerLength;
        try {
            headerLength = clearHeader.compute(type, codec, frame, offset, length);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (headerLength > length) {
            throw new IllegalArgumentException(
                    "Frame of " + length + " bytes is shorter than its clear header of " + headerLength);
        }
        boolean nalu = clearHeader.naluProcessing;
        int bodyLength = length - headerLength;
        int written = nalu ? headerLength + LiveKitClearHeader.shortStartCodes(frame, offset, headerLength) : headerLength;
        int tailBound = nalu ? Rbsp.maxEscapedLength(bodyLength + OVERHEAD) : bodyLength + OVERHEAD;
        if (out.length - outOffset < written + tailBound || outOffset < 0) {
            throw new IllegalArgumentException("Output buffer too short: need " + (written + tailBound) + " bytes");
        }
        if (nalu) {
            LiveKitClearHeader.writeNormalizedHeader(frame, offset, headerLength, out, outOffset);
        } else {
            System.arraycopy(frame, offset, out, outOffset, headerLength);
        }
        makeIv(ssrc, rtpTimestamp);
        if (!nalu) {
            int end = outOffset + written;
            end += gcm.seal(keySet.aesKey, iv, 0, IV_LENGTH, out, outOffset, written,
                    frame, offset + headerLength, bodyLength, out, end);
            return writeTrailer(out, end, keyIndex) - outOffset;
        }
        if (scratch.length < bodyLength + OVERHEAD) {
            scratch = new byte[Math.max(bodyLength + OVERHEAD, scratch.length * 2)];
        }
        int end = gcm.seal(keySet.aesKey, iv, 0, IV_LENGTH, out, outOffset, written,
                frame, offset + headerLength, bodyLength, scratch, 0);
        end = writeTrailer(scratch, end, keyIndex);
        return written + Rbsp.escape(scratch, 0, end, out, outOffset + written);
    }

    private int writeTrailer(byte[] out, int at, int keyIndex) {
        System.arraycopy(iv, 0, out, at, IV_LENGTH);
        out[at + IV_LENGTH] = IV_LENGTH;
        out[at + IV_LENGTH + 1] = (byte) keyIndex;
        return at + IV_LENGTH + 2;
    }

    /** livekit-client {@code makeIV}. */
    private void makeIv(long ssrc, long rtpTimestamp) {
        int slot = sendCountSlot(ssrc);
        long sendCount = sendCounts[slot]++;
        putU32(iv, 0, ssrc);
        putU32(iv, 4, rtpTimestamp);
        putU32(iv, 8, rtpTimestamp - (sendCount % 0xffff));
    }

    private int sendCountSlot(long ssrc) {
        for (int i = 0; i < ssrcCount; i++) {
            if (ssrcs[i] == ssrc) {
                return i;
            }
        }
        if (ssrcCount == ssrcs.length) {
            ssrcs = Arrays.copyOf(ssrcs, ssrcCount * 2);
            sendCounts = Arrays.copyOf(sendCounts, ssrcCount * 2);
        }
        ssrcs[ssrcCount] = ssrc;
        sendCounts[ssrcCount] = random.nextInt(0xffff); // Math.floor(Math.random() * 0xffff)
        return ssrcCount++;
    }

    /** Test hook: sets the send count the next frame of {@code ssrc} uses. */
    void setSendCount(long ssrc, long sendCount) {
        sendCounts[sendCountSlot(ssrc)] = sendCount;
    }

    private static void putU32(byte[] b, int at, long value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }
}
