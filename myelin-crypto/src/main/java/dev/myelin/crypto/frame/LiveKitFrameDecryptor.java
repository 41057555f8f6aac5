package dev.myelin.crypto.frame;

import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.crypto.frame.UndecryptableFrameException.Reason;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Decrypts one incoming track's frames in LiveKit's E2EE frame format (livekit-client 2.23.0 {@code FrameCryptor}
 * decode path), accepting what it accepts: any IV length the trailer names, a key index looked up without modulo,
 * server-injected frames, the optional LKTS metadata trailer, failure tolerance and the ratchet window.
 *
 * <p>Strictly better than the reference where interop does not suffer: after a failed decryption livekit-client
 * 2.23.0 retries {@code ratchetWindowSize} times but always with the <em>same</em> one-step ratchet of the stored key,
 * so only a one-step gap recovers; this decryptor walks the chain (ratchet¹ … ratchet^window) and recovers any gap
 * within the window. Ratcheted keys are cached, so repeated failures do not re-derive them. Also, an H.264/H.265
 * frame is unescaped exactly once across retries.
 *
 * <p>Writes {@code header ‖ plaintext} into a caller-provided buffer; steady-state decryption allocates nothing of its
 * own (with the default JDK {@link AesGcmEngine} SunJCE still allocates about 1 KB per frame, a native engine
 * nothing). Every frame that must not reach the decoder raises {@link UndecryptableFrameException} and nothing else. One
 * instance per track; not thread-safe (the key ring it shares with the participant's other tracks is).
 */
public final class LiveKitFrameDecryptor {
    private static final int TAG_BITS = 128;

    private final LiveKitKeyRing ring;
    private final AesGcm gcm;
    private final LiveKitClearHeader clearHeader = new LiveKitClearHeader();
    private LiveKitVideoCodec codec;
    private byte[] sifTrailer = new byte[0];
    private boolean hasFrameMetadata;
    private byte[] scratch = new byte[0];
    private PublisherEncryption publisherEncryption = PublisherEncryption.ENCRYPTED;

    // Located parts of the frame being decrypted (set by locate, valid until the next frame).
    private byte[] body;
    private int ctOffset;
    private int ctLength;
    private int ivOffset;
    private int ivLength;

    private LiveKitFrameDecryptor(LiveKitKeyRing ring, Optional<LiveKitVideoCodec> codec, AesGcmEngine engine) {
        this.ring = Objects.requireNonNull(ring, "ring");
        this.codec = codec.orElse(null);
        this.gcm = engine.newAesGcm();
    }

    /** A decryptor for a remote track of the given (negotiated) video codec, or none for audio or unknown. */
    public static LiveKitFrameDecryptor create(LiveKitKeyRing ring, Optional<LiveKitVideoCodec> codec) {
        return new LiveKitFrameDecryptor(ring, codec, AesGcmEngine.jdk());
    }

    /** As {@link #create(LiveKitKeyRing, Optional)} with AES-GCM from {@code engine} (e.g. a native one). */
    public static LiveKitFrameDecryptor create(
            LiveKitKeyRing ring, Optional<LiveKitVideoCodec> codec, AesGcmEngine engine) {
        return new LiveKitFrameDecryptor(ring, codec, engine);
    }

    public void setVideoCodec(Optional<LiveKitVideoCodec> codec) {
        this.codec = codec.orElse(null);
    }

    /** The room's server-injected-frame trailer ({@code JoinResponse.sif_trailer}); empty disables the check. */
    public void setServerInjectedFrameTrailer(byte[] trailer) {
        this.sifTrailer = trailer.clone();
    }

    /** What livekit-client's worker knows about the publisher ({@code encryptionEnabledMap}). */
    public enum PublisherEncryption {
        /** Frames are decrypted (the default: a decryptor exists for an encrypting publisher). */
        ENCRYPTED,
        /** The publisher sends clear media: frames pass through unchanged. */
        UNENCRYPTED,
        /** Not told yet: every non-empty frame is dropped, as forwarding ciphertext would feed the decoder garbage. */
        UNKNOWN
    }

    public void setPublisherEncryption(PublisherEncryption state) {
        this.publisherEncryption = Objects.requireNonNull(state, "state");
    }

    /** Whether the track advertises LiveKit's packet trailer (LKTS), which is stripped from video frames first. */
    public void setHasFrameMetadata(boolean hasFrameMetadata) {
        this.hasFrameMetadata = hasFrameMetadata;
    }

    /**
     * Decrypts {@code frame[offset, offset+length)} into {@code out} from {@code outOffset} and returns the length
     * written ({@code out} needs at most {@code length} bytes). Empty frames and recognised server-injected frames
     * are copied through unencrypted.
     *
     * @throws UndecryptableFrameException for every frame that must be dropped; the reason says why
     */
    public int decrypt(LiveKitFrameType type, byte[] frame, int offset, int length, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(offset, length, frame.length);
        Objects.requireNonNull(type, "type");
        if (hasFrameMetadata && type != LiveKitFrameType.AUDIO) {
            length = FrameMetadataTrailer.strippedLength(frame, offset, length);
        }
        if (length == 0) {
            return 0;
        }
        if (publisherEncryption == PublisherEncryption.UNKNOWN) {
            throw new UndecryptableFrameException(Reason.PUBLISHER_STATE_UNKNOWN, "Publisher encryption state unknown");
        }
        if (publisherEncryption == PublisherEncryption.UNENCRYPTED) {
            checkOutput(out, outOffset, length);
            System.arraycopy(frame, offset, out, outOffset, length);
            return length;
        }
        if (isServerInjected(frame, offset, length)) {
            int payload = length - sifTrailer.length;
            if (!ServerInjectedFrames.isKnownPayload(frame, offset, payload)) {
                throw new UndecryptableFrameException(Reason.UNEXPECTED_SERVER_INJECTED_FRAME,
                        "Frame carries the server-injected trailer but not a known payload");
            }
            checkOutput(out, outOffset, payload);
            System.arraycopy(frame, offset, out, outOffset, payload);
            return payload;
        }
        int keyIndex = frame[offset + length - 1] & 0xff;
        if (ring.isInvalid(keyIndex)) {
            throw new UndecryptableFrameException(Reason.KEY_MARKED_INVALID, "Key index marked invalid");
        }
        LiveKitKeySet keySet = ring.keySet(keyIndex);
        if (keySet == null) {
            ring.decryptionFailure(keyIndex);
            throw new UndecryptableFrameException(Reason.MISSING_KEY, "No key at index " + keyIndex);
        }
        int headerLength;
        try {
            headerLength = clearHeader.compute(type, codec, frame, offset, length);
        } catch (UnsupportedOperationException e) {
            throw new UndecryptableFrameException(Reason.UNSUPPORTED_CODEC, "Codec not supported");
        }
        if (locate(frame, offset, length, headerLength)) {
            checkOutput(out, outOffset, headerLength + ctLength - TAG_BITS / 8);
            if (tryDecrypt(keySet, frame, offset, headerLength, out, outOffset)) {
                ring.decryptionSuccess(keyIndex);
                return headerLength + ctLength - TAG_BITS / 8;
            }
            LiveKitKeySet candidate = keySet;
            for (int step = 1; step <= ring.options().ratchetWindowSize(); step++) {
                candidate = candidate.ratcheted(ring.options());
                if (tryDecrypt(candidate, frame, offset, headerLength, out, outOffset)) {
                    ring.storeRatcheted(keyIndex, keySet, candidate);
                    ring.decryptionSuccess(keyIndex);
                    return headerLength + ctLength - TAG_BITS / 8;
                }
            }
        }
        // livekit-client counts the failure only while the ring's current key is still considered valid
        if (ring.currentKeyValid()) {
            ring.decryptionFailure(keyIndex);
        }
        throw new UndecryptableFrameException(Reason.INVALID_KEY, "Frame did not decrypt");
    }

    private boolean isServerInjected(byte[] frame, int offset, int length) {
        int n = sifTrailer.length;
        return n > 0 && length >= n
                && Arrays.equals(sifTrailer, 0, n, frame, offset + length - n, offset + length);
    }

    /**
     * Finds ciphertext and IV the way livekit-client slices them; false where its typed-array slicing or WebCrypto
     * would throw (which it treats as a decryption failure).
     */
    private boolean locate(byte[] frame, int offset, int length, int headerLength) {
        if (headerLength > length) {
            return false;
        }
        body = frame;
        int bodyOffset = offset + headerLength;
        int bodyLength = length - headerLength;
        if (clearHeader.naluProcessing && Rbsp.needsUnescaping(frame, bodyOffset, bodyLength)) {
            if (scratch.length < bodyLength) {
                scratch = new byte[Math.max(bodyLength, scratch.length * 2)];
            }
            bodyLength = Rbsp.unescape(frame, bodyOffset, bodyLength, scratch, 0);
            body = scratch;
            bodyOffset = 0;
        }
        if (bodyLength < 2) { // then the ciphertext length would be negative: a RangeError in livekit-client
            return false;
        }
        ivLength = body[bodyOffset + bodyLength - 2] & 0xff;
        ctOffset = bodyOffset;
        ctLength = bodyLength - ivLength - 2;
        ivOffset = bodyOffset + ctLength;
        return ivLength > 0 && ctLength >= TAG_BITS / 8;
    }

    private boolean tryDecrypt(LiveKitKeySet keySet, byte[] frame, int offset, int headerLength, byte[] out,
            int outOffset) {
        int n = gcm.open(keySet.aesKey, body, ivOffset, ivLength, frame, offset, headerLength,
                body, ctOffset, ctLength, out, outOffset + headerLength);
        if (n < 0) {
            return false;
        }
        System.arraycopy(frame, offset, out, outOffset, headerLength);
        return true;
    }

    private static void checkOutput(byte[] out, int outOffset, int needed) {
        if (outOffset < 0 || out.length - outOffset < needed) {
            throw new IllegalArgumentException("Output buffer too short: need " + needed + " bytes");
        }
    }
}
