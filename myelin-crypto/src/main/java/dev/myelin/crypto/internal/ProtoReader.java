package dev.myelin.crypto.internal;

import java.util.Arrays;

/** Reads the protobuf-style fields of Olm and Megolm messages: varints and length-delimited byte strings. */
public final class ProtoReader {
    private final byte[] bytes;
    private final int end;
    private int position;

    public ProtoReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    public boolean hasMore() {
        return position < end;
    }

    /** The next field tag; throws {@link IllegalArgumentException} on truncated input. */
    public int tag() {
        long tag = varint();
        if (tag > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tag too large");
        }
        return (int) tag;
    }

    /** A varint of at most 64 bits. */
    public long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw new IllegalArgumentException("truncated varint");
            }
            int b = bytes[position++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    public byte[] lengthDelimited() {
        long length = varint();
        if (length > end - position) {
            throw new IllegalArgumentException("truncated field");
        }
        byte[] out = Arrays.copyOfRange(bytes, position, position + (int) length);
        position += (int) length;
        return out;
    }

    /** Skips a field of an unknown tag; wire types other than varint and length-delimited are errors. */
    public void skip(int tag) {
        switch (tag & 7) {
            case 0 -> varint();
            case 2 -> lengthDelimited();
            default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
        }
    }
}
