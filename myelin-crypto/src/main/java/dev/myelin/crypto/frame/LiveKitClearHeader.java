package dev.myelin.crypto.frame;

import java.util.Arrays;

/**
 * How many leading bytes of a frame stay in clear (livekit-client 2.23.0 {@code getUnencryptedBytes} and
 * {@code naluUtils}), ported rule for rule, quirks included, because the receiver recomputes it from the received
 * frame and both sides must agree. Reusable per encryptor or decryptor, not thread-safe (it keeps a NALU index buffer).
 */
final class LiveKitClearHeader {
    private static final int AUDIO = 1;
    private static final int VP8_KEY = 10;
    private static final int VP8_DELTA = 3;

    /** Result of the last {@link #compute}: whether the frame is H.264/H.265 (start codes, RBSP escaping). */
    boolean naluProcessing;
    private int[] naluStarts = new int[16];
    private int naluCount;

    /**
     * The clear-header length of {@code data[off, off+len)}; sets {@link #naluProcessing}. AV1 is refused with
     * {@link UnsupportedOperationException}.
     */
    int compute(LiveKitFrameType type, LiveKitVideoCodec codec, byte[] data, int off, int len) {
        naluProcessing = false;
        if (type == LiveKitFrameType.AUDIO) {
            return AUDIO;
        }
        if (codec == LiveKitVideoCodec.AV1) {
            throw new UnsupportedOperationException("AV1 is not supported by LiveKit frame encryption");
        }
        if (codec == LiveKitVideoCodec.VP8) {
            return vp8Rule(type);
        }
        if (codec == LiveKitVideoCodec.VP9) {
            return 0;
        }
        if (findNaluStarts(data, off, len)) {
            int detected = detectFromNalus(data, off);
            if (detected == 0 && (codec == LiveKitVideoCodec.H264 || codec == LiveKitVideoCodec.H265)) {
                detected = codec == LiveKitVideoCodec.H264 ? 264 : 265;
            }
            if (detected != 0) {
                int header = firstSliceHeader(data, off, detected);
                if (header >= 0) {
                    naluProcessing = true;
                    return header;
                }
            }
        }
        return vp8Rule(type); // livekit-client's fallback for unknown codecs and NALU parse failures
    }

    private static int vp8Rule(LiveKitFrameType type) {
        return switch (type) {
            case KEY -> VP8_KEY;
            case DELTA -> VP8_DELTA;
            case EMPTY, AUDIO -> 0;
        };
    }

    /** {@code findNALUIndices}; false where it throws ("byte stream contains leading data"). */
    private boolean findNaluStarts(byte[] s, int off, int len) {
        naluCount = 0;
        int start = 0;
        int pos = 0;
        int searchLength = len - 3;
        while (pos < searchLength) {
            while (pos < searchLength) {
                if (pos < searchLength - 1 && s[off + pos] == 0 && s[off + pos + 1] == 0 && s[off + pos + 2] == 0
                        && s[off + pos + 3] == 1) {
                    break;
                }
                if (s[off + pos] == 0 && s[off + pos + 1] == 0 && s[off + pos + 2] == 1) {
                    break;
                }
                pos++;
            }
            if (pos >= searchLength) {
                pos = len;
            }
            int end = pos;
            while (end > start && s[off + end - 1] == 0) {
                end--;
            }
            if (start == 0) {
                if (end != start) {
                    return false;
                }
            } else {
                if (naluCount == naluStarts.length) {
                    naluStarts = Arrays.copyOf(naluStarts, naluCount * 2);
                }
                naluStarts[naluCount++] = start;
            }
            int startCodeLength = 3;
            if (pos < len - 3 && s[off + pos] == 0 && s[off + pos + 1] == 0 && s[off + pos + 2] == 0
                    && s[off + pos + 3] == 1) {
                startCodeLength = 4;
            }
            start = pos = pos + startCodeLength;
        }
        return true;
    }

    /** 2.23.0: every NALU is tested for an H.264 slice before any is tested for an H.265 slice. */
    private int detectFromNalus(byte[] s, int off) {
        for (int i = 0; i < naluCount; i++) {
            if (isH264Slice(s[off + naluStarts[i]])) {
                return 264;
            }
        }
        for (int i = 0; i < naluCount; i++) {
            if (isH265Slice(s[off + naluStarts[i]])) {
                return 265;
            }
        }
        return 0;
    }

    private int firstSliceHeader(byte[] s, int off, int codec) {
        for (int i = 0; i < naluCount; i++) {
            byte first = s[off + naluStarts[i]];
            if (codec == 265 ? isH265Slice(first) : isH264Slice(first)) {
                return naluStarts[i] + 2;
            }
        }
        return -1; // livekit-client throws "Could not find NALU" and falls back to the VP8 rule
    }

    private static boolean isH264Slice(byte first) {
        int type = first & 0x1f;
        return type == 1 || type == 5;
    }

    private static boolean isH265Slice(byte first) {
        int type = (first >> 1) & 0x3f;
        return type <= 9 || (type >= 16 && type <= 21);
    }

    /**
     * Copies the header to {@code out}, rewriting each 3-byte start code to 4 bytes ({@code normalizeAnnexBStartCodes},
     * 2.23.0): the receiver's depacketizer rebuilds 4-byte codes and the header is the AAD. Returns bytes written.
     */
    static int writeNormalizedHeader(byte[] d, int off, int len, byte[] out, int outOff) {
        int written = 0;
        int copiedUpTo = 0;
        for (int i = 0; i + 2 < len; ) {
            if (d[off + i + 2] == 0) {
                i += 1;
                continue;
            }
            if (d[off + i + 2] == 1 && d[off + i] == 0 && d[off + i + 1] == 0 && (i == 0 || d[off + i - 1] != 0)) {
                System.arraycopy(d, off + copiedUpTo, out, outOff + written, i - copiedUpTo);
                written += i - copiedUpTo;
                out[outOff + written++] = 0;
                copiedUpTo = i;
            }
            i += 3;
        }
        System.arraycopy(d, off + copiedUpTo, out, outOff + written, len - copiedUpTo);
        return written + len - copiedUpTo;
    }

    /** How many bytes {@link #writeNormalizedHeader} adds. */
    static int shortStartCodes(byte[] d, int off, int len) {
        int count = 0;
        for (int i = 0; i + 2 < len; ) {
            if (d[off + i + 2] == 0) {
                i += 1;
                continue;
            }
            if (d[off + i + 2] == 1 && d[off + i] == 0 && d[off + i + 1] == 0 && (i == 0 || d[off + i - 1] != 0)) {
                count++;
            }
            i += 3;
        }
        return count;
    }
}
