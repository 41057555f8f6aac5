package dev.myelin.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what {@link StateWriter} wrote; throws {@link IllegalArgumentException} on truncated or bad input. */
public final class StateReader {
    private final byte[] bytes;
    private int position;

    public StateReader(byte[] bytes) {
        this.bytes = bytes;
    }

    private void need(int count) {
        if (count < 0 || count > bytes.length - position) {
            throw new IllegalArgumentException("truncated state");
        }
    }

    public boolean bool() {
        need(1);
        int b = bytes[position++];
        if (b != 0 && b != 1) {
            throw new IllegalArgumentException("bad boolean");
        }
        return b == 1;
    }

    public long u32() {
        need(4);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    public long i64() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    public byte[] fixed(int length) {
        need(length);
        byte[] out = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return out;
    }

    /** Length-prefixed bytes of at most {@code max} bytes. */
    public byte[] bytes(int max) {
        return fixed(count(max));
    }

    public String string() {
        long length = u32();
        if (length > 1024) {
            throw new IllegalArgumentException("string too long");
        }
        return new String(fixed((int) length), StandardCharsets.UTF_8);
    }

    /** A count of items, bounded so a corrupt count cannot make the reader allocate without limit. */
    public int count(int max) {
        long count = u32();
        if (count > max) {
            throw new IllegalArgumentException("count " + count + " above " + max);
        }
        return (int) count;
    }

    public void requireEnd() {
        if (position != bytes.length) {
            throw new IllegalArgumentException("trailing bytes in state");
        }
    }
}
