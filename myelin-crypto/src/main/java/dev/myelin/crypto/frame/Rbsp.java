package dev.myelin.crypto.frame;

/**
 * H.264/H.265 emulation prevention as livekit-client does it ({@code writeRbsp}, {@code needsRbspUnescaping},
 * {@code parseRbsp} in {@code e2ee/utils.ts}), so that encrypted bytes never form a start code.
 */
final class Rbsp {
    private Rbsp() {
    }

    /** Worst-case escaped length of {@code n} bytes: one 0x03 per two bytes after the first two. */
    static int maxEscapedLength(int n) {
        return n + n / 2 + 1;
    }

    /** Escapes {@code in[off, off+len)} into {@code out} from {@code outOff}; returns bytes written. */
    static int escape(byte[] in, int off, int len, byte[] out, int outOff) {
        int w = outOff;
        int zeros = 0;
        for (int i = off, end = off + len; i < end; i++) {
            int b = in[i] & 0xff;
            if (b <= 3 && zeros >= 2) {
                out[w++] = 3;
                zeros = 0;
            }
            out[w++] = (byte) b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return w - outOff;
    }

    /**
     * {@code needsRbspUnescaping}: a {@code 00 00 03} starting before the last three bytes. (livekit-client's loop stops
     * one position early, so a pattern in the very last three bytes alone does not trigger unescaping.)
     */
    static boolean needsUnescaping(byte[] in, int off, int len) {
        for (int i = off, end = off + len - 3; i < end; i++) {
            if (in[i] == 0 && in[i + 1] == 0 && in[i + 2] == 3) {
                return true;
            }
        }
        return false;
    }

    /** {@code parseRbsp}: drops the 03 of every {@code 00 00 03}; returns bytes written (never more than len). */
    static int unescape(byte[] in, int off, int len, byte[] out, int outOff) {
        int w = outOff;
        int i = 0;
        while (i < len) {
            if (len - i >= 3 && in[off + i] == 0 && in[off + i + 1] == 0 && in[off + i + 2] == 3) {
                out[w++] = 0;
                out[w++] = 0;
                i += 3;
            } else {
                out[w++] = in[off + i++];
            }
        }
        return w - outOff;
    }
}
