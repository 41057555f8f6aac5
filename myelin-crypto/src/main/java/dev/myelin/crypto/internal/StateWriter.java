package dev.myelin.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes session and account state in Myelin's own compact binary form (big-endian, length-prefixed). */
public final class StateWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public StateWriter bool(boolean value) {
        out.write(value ? 1 : 0);
        return this;
    }

    public StateWriter u32(long value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    public StateWriter i64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    /** Fixed-size bytes: the reader must know the length. */
    public StateWriter fixed(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** Length-prefixed bytes. */
    public StateWriter bytes(byte[] bytes) {
        u32(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    public StateWriter string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
