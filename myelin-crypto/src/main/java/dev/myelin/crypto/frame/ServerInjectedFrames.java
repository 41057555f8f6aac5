package dev.myelin.crypto.frame;

import java.util.Arrays;

/**
 * The unencrypted frames a LiveKit SFU injects (livekit-client {@code sifPayload.ts}, from the server's
 * {@code downtrack.go}). livekit-client compares SHA-256 digests; comparing the bytes decides the same.
 */
final class ServerInjectedFrames {
    private static final byte[] VP8_KEY_FRAME_8X8 = bytes(
            0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x08, 0x00, 0x08, 0x00, 0x00, 0x47, 0x08, 0x85, 0x85, 0x88,
            0x85, 0x84, 0x88, 0x02, 0x02, 0x00, 0x0c, 0x0d, 0x60, 0x00, 0xfe, 0xff, 0xab, 0x50, 0x80);
    private static final byte[] H264_SPS = bytes(
            0x67, 0x42, 0xc0, 0x1f, 0x0f, 0xd9, 0x1f, 0x88, 0x88, 0x84, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00,
            0x00, 0x03, 0x00, 0xc8, 0x3c, 0x60, 0xc9, 0x20);
    private static final byte[] H264_PPS = bytes(0x68, 0x87, 0xcb, 0x83, 0xcb, 0x20);
    private static final byte[] H264_IDR = bytes(0x65, 0x88, 0x84, 0x0a, 0xf2, 0x62, 0x80, 0x00, 0xa7, 0xbe);
    private static final byte[] OPUS_SILENCE = opusSilence();
    private static final byte[][] ALL = {VP8_KEY_FRAME_8X8, H264_SPS, H264_PPS, H264_IDR, OPUS_SILENCE};

    private ServerInjectedFrames() {
    }

    static boolean isKnownPayload(byte[] data, int off, int len) {
        for (byte[] known : ALL) {
            if (known.length == len && Arrays.equals(known, 0, len, data, off, off + len)) {
                return true;
            }
        }
        return false;
    }

    /** Known payloads, for tests. */
    static byte[][] payloads() {
        byte[][] copy = new byte[ALL.length][];
        for (int i = 0; i < ALL.length; i++) {
            copy[i] = ALL[i].clone();
        }
        return copy;
    }

    private static byte[] opusSilence() {
        byte[] frame = new byte[80];
        frame[0] = (byte) 0xf8;
        frame[1] = (byte) 0xff;
        frame[2] = (byte) 0xfe;
        return frame;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
