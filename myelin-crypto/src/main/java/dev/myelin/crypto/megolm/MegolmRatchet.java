package dev.myelin.crypto.megolm;

import dev.myelin.crypto.internal.Primitives;
import java.util.Arrays;

/**
 * The Megolm ratchet: four 32-byte parts R0..R3 and a 32-bit counter. Part j is rehashed every 2^(8·(3−j)) steps, so
 * reaching any later index costs at most 4 × 255 hashes. Holds secret state: never printed, wiped on request.
 */
final class MegolmRatchet {
    static final int PART_LENGTH = 32;
    static final int LENGTH = 4 * PART_LENGTH;

    private final byte[] data;
    private int counter;

    MegolmRatchet(byte[] data, int counter) {
        if (data.length != LENGTH) {
            throw new IllegalArgumentException("Megolm ratchet must be 128 bytes");
        }
        this.data = data.clone();
        this.counter = counter;
    }

    MegolmRatchet copy() {
        return new MegolmRatchet(data, counter);
    }

    /** The message index this ratchet state encrypts; unsigned 32-bit. */
    int counter() {
        return counter;
    }

    long index() {
        return Integer.toUnsignedLong(counter);
    }

    byte[] data() {
        return data.clone();
    }

    /** {@code R_to = HMAC(R_from, [to])}. */
    private void rehash(int from, int to) {
        byte[] key = Arrays.copyOfRange(data, from * PART_LENGTH, (from + 1) * PART_LENGTH);
        byte[] hashed = Primitives.hmacSha256(key, new byte[] {(byte) to});
        System.arraycopy(hashed, 0, data, to * PART_LENGTH, PART_LENGTH);
        Arrays.fill(key, (byte) 0);
        Arrays.fill(hashed, (byte) 0);
    }

    void advance() {
        counter++;
        int h = 0;
        int mask = 0x00FF_FFFF;
        while (h < 4 && (counter & mask) != 0) {
            h++;
            mask >>>= 8;
        }
        for (int k = 3; k >= h; k--) {
            rehash(h, k);
        }
    }

    void advanceTo(int target) {
        for (int j = 0; j < 4; j++) {
            int shift = 8 * (3 - j);
            int steps = ((target >>> shift) - (counter >>> shift)) & 0xFF;
            if (steps == 0) {
                if (Integer.compareUnsigned(target, counter) < 0) {
                    steps = 0x100;
                } else {
                    continue;
                }
            }
            for (; steps > 1; steps--) {
                rehash(j, j);
            }
            for (int k = 3; k >= j; k--) {
                rehash(j, k);
            }
            counter = target & (0xFFFF_FFFF << shift);
        }
    }

    void wipe() {
        Arrays.fill(data, (byte) 0);
    }

    @Override
    public String toString() {
        return "MegolmRatchet[index=" + index() + "]";
    }
}
