package dev.myelin.crypto.internal;

import java.io.ByteArrayOutputStream;

/** Writes the protobuf-style fields of Olm and Megolm messages. */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ProtoWriter raw(int b) {
        out.write(b);
        return this;
    }

    public ProtoWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public ProtoWriter varint(long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
        return this;
    }

    public ProtoWriter varintField(int field, long value) {
        return varint(field << 3).varint(value);
    }

    public ProtoWriter bytesField(int field, byte[] value) {
        return varint((field << 3) | 2).varint(value.length).raw(value);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
