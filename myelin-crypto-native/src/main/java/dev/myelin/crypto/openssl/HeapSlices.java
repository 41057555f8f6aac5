package dev.myelin.crypto.openssl;

import java.lang.foreign.MemorySegment;

/**
 * Heap segments over the caller's arrays at the offsets it uses, remembered by array identity and offset so that a
 * caller reusing its buffers frame after frame (as the frame encryptors do) gets the same segment back instead of a
 * new wrapper per call: zero-copy without relying on escape analysis. A few entries, replaced round-robin; they keep
 * the last few arrays reachable, as their owner holds them anyway.
 */
final class HeapSlices {
    private static final int SIZE = 8;

    private final byte[][] arrays = new byte[SIZE][];
    private final int[] offsets = new int[SIZE];
    private final MemorySegment[] segments = new MemorySegment[SIZE];
    private int next;

    /** The segment starting at {@code array[offset]}. */
    MemorySegment at(byte[] array, int offset) {
        for (int i = 0; i < SIZE; i++) {
            if (arrays[i] == array && offsets[i] == offset) {
                return segments[i];
            }
        }
        MemorySegment segment = MemorySegment.ofArray(array).asSlice(offset);
        int slot = next;
        next = (next + 1) % SIZE;
        arrays[slot] = array;
        offsets[slot] = offset;
        segments[slot] = segment;
        return segment;
    }
}
