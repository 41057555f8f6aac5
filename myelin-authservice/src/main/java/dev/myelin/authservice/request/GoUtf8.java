package dev.myelin.authservice.request;

/** UTF-8 decoding as Go's {@code utf8.DecodeRune}: each byte that does not start a valid sequence is one U+FFFD. */
final class GoUtf8 {
    private GoUtf8() {
    }

    /** Appends the rune at {@code pos} (or U+FFFD) to {@code out} and returns how many bytes it took. */
    static int decodeRune(byte[] in, int pos, StringBuilder out) {
        int b0 = in[pos] & 0xff;
        int length;
        int min;
        int lowSecond = 0x80;
        int highSecond = 0xbf;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            length = 2;
            min = 0x80;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            length = 3;
            min = 0x800;
            if (b0 == 0xe0) {
                lowSecond = 0xa0;
            } else if (b0 == 0xed) {
                highSecond = 0x9f; // no surrogates
            }
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            length = 4;
            min = 0x10000;
            if (b0 == 0xf0) {
                lowSecond = 0x90;
            } else if (b0 == 0xf4) {
                highSecond = 0x8f;
            }
        } else {
            out.append('\uFFFD');
            return 1;
        }
        if (pos + length > in.length) {
            out.append('\uFFFD');
            return 1;
        }
        int second = in[pos + 1] & 0xff;
        if (second < lowSecond || second > highSecond) {
            out.append('\uFFFD');
            return 1;
        }
        int codePoint = b0 & (0xff >> (length + 1));
        codePoint = (codePoint << 6) | (second & 0x3f);
        for (int i = 2; i < length; i++) {
            int b = in[pos + i] & 0xff;
            if (b < 0x80 || b > 0xbf) {
                out.append('\uFFFD');
                return 1;
            }
            codePoint = (codePoint << 6) | (b & 0x3f);
        }
        if (codePoint < min) {
            out.append('\uFFFD');
            return 1;
        }
        out.appendCodePoint(codePoint);
        return length;
    }
}
