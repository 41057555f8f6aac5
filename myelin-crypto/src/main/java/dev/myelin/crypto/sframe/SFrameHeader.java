package dev.myelin.crypto.sframe;

import java.util.Objects;

/**
 * An SFrame header (RFC 9605 section 4.3): a config byte {@code X K K K Y C C C}, then the KID and the CTR when they do
 * not fit in three bits, big-endian in their minimal length (1–8 bytes). KID and CTR are unsigned 64-bit values held
 * in a {@code long} ({@link Long#toUnsignedString} prints them).
 *
 * @param kid key identifier
 * @param ctr counter
 */
public record SFrameHeader(long kid, long ctr) {
    /** The longest header: config byte plus two 8-byte values. */
    public static final int MAX_LENGTH = 17;

    /** The encoded length of this header. */
    public int encodedLength() {
        return 1 + valueLength(kid) + valueLength(ctr);
    }

    /** Encodes into {@code out} from {@code offset}; returns the bytes written. */
    public int encode(byte[] out, int offset) {
        return encode(kid, ctr, out, offset);
    }

    public byte[] toBytes() {
        byte[] out = new byte[encodedLength()];
        encode(out, 0);
        return out;
    }

    /** Decodes the header at the start of {@code in[offset, offset+length)}. */
    public static SFrameHeader decode(byte[] in, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, in.length);
        Parsed parsed = new Parsed();
        if (!parsed.parse(in, offset, length)) {
            throw new IllegalArgumentException("Truncated SFrame header");
        }
        return new SFrameHeader(parsed.kid, parsed.ctr);
    }

    static int encode(long kid, long ctr, byte[] out, int offset) {
        int kidLength = valueLength(kid);
        int ctrLength = valueLength(ctr);
        int config = kidLength == 0 ? (int) kid << 4 : 0x80 | (kidLength - 1) << 4;
        config |= ctrLength == 0 ? (int) ctr : 0x08 | (ctrLength - 1);
        out[offset] = (byte) config;
        putBigEndian(kid, kidLength, out, offset + 1);
        putBigEndian(ctr, ctrLength, out, offset + 1 + kidLength);
        return 1 + kidLength + ctrLength;
    }

    /** Bytes after the config byte for this value: 0 when it fits in three bits, else its minimal length. */
    static int valueLength(long value) {
        if (Long.compareUnsigned(value, 8) < 0) {
            return 0;
        }
        return (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
    }

    private static void putBigEndian(long value, int length, byte[] out, int offset) {
        for (int i = 0; i < length; i++) {
            out[offset + i] = (byte) (value >>> (8 * (length - 1 - i)));
        }
    }

    /** A reusable, allocation-free parse result for the decryptor. */
    static final class Parsed {
        long kid;
        long ctr;
        int length;

        boolean parse(byte[] in, int offset, int available) {
            if (available < 1) {
                return false;
            }
            int config = in[offset] & 0xff;
            int at = 1;
            if ((config & 0x80) == 0) {
                kid = (config >>> 4) & 0x07;
            } else {
                int n = ((config >>> 4) & 0x07) + 1;
                if (available < at + n) {
                    return false;
                }
                kid = readBigEndian(in, offset + at, n);
                at += n;
            }
            if ((config & 0x08) == 0) {
                ctr = config & 0x07;
            } else {
                int n = (config & 0x07) + 1;
                if (available < at + n) {
                    return false;
                }
                ctr = readBigEndian(in, offset + at, n);
                at += n;
            }
            length = at;
            return true;
        }

        private static long readBigEndian(byte[] in, int offset, int length) {
            long value = 0;
            for (int i = 0; i < length; i++) {
                value = value << 8 | (in[offset + i] & 0xff);
            }
            return value;
        }
    }

    @Override
    public String toString() {
        return "SFrameHeader[kid=" + Long.toUnsignedString(kid) + ", ctr=" + Long.toUnsignedString(ctr) + "]";
    }
}
