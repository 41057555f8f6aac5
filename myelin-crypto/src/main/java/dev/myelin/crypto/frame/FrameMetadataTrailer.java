package dev.myelin.crypto.frame;

/**
 * livekit-client's packet trailer ({@code frameMetadata.ts}, "LKTS"), appended to video frames after encryption:
 * TLVs XOR 0xFF, one byte {@code length ^ 0xFF}, then ASCII {@code LKTS}. Only its length matters here.
 */
final class FrameMetadataTrailer {
    private static final int ENVELOPE = 5;

    private FrameMetadataTrailer() {
    }

    /** The frame length without the trailer; {@code len} itself when there is no trailer with a known TLV. */
    static int strippedLength(byte[] b, int off, int len) {
        if (len < ENVELOPE) {
            return len;
        }
        int magic = off + len - 4;
        if (b[magic] != 'L' || b[magic + 1] != 'K' || b[magic + 2] != 'T' || b[magic + 3] != 'S') {
            return len;
        }
        int trailerLength = (b[off + len - ENVELOPE] ^ 0xff) & 0xff;
        if (trailerLength < ENVELOPE || trailerLength > len) {
            return len;
        }
        int trailerStart = len - trailerLength;
        int trailerEnd = len - ENVELOPE;
        int at = trailerStart;
        boolean foundAny = false;
        while (at + 2 <= trailerEnd) {
            int tag = (b[off + at++] ^ 0xff) & 0xff;
            int length = (b[off + at++] ^ 0xff) & 0xff;
            if (at + length > trailerEnd) {
                break;
            }
            if ((tag == 0x01 && length == 8) || (tag == 0x02 && length == 4) || tag == 0x03) {
                foundAny = true;
            }
            at += length;
        }
        return foundAny ? trailerStart : len;
    }
}
