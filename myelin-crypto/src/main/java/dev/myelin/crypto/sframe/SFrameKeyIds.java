package dev.myelin.crypto.sframe;

/**
 * KID layouts of RFC 9605 section 5: sender-key ratchets ({@code KID = generation << R | step mod 2^R}) and MLS
 * ({@code KID = context << (S+E) | index << E | epoch mod 2^E}). A receiver holding an MLS epoch drops it when a newer
 * epoch with the same low E bits arrives.
 */
public final class SFrameKeyIds {
    private SFrameKeyIds() {
    }

    /** The KID of ratchet {@code step} of sender-key {@code generation}, with R ratchet bits. */
    public static long senderKey(long generation, long step, int ratchetBits) {
        checkBits(ratchetBits, "ratchet");
        return generation << ratchetBits | (step & mask(ratchetBits));
    }

    /** The KID of MLS leaf {@code index} in {@code epoch}, with E epoch bits and S index bits. */
    public static long mls(long context, long index, long epoch, int indexBits, int epochBits) {
        checkBits(indexBits, "index");
        checkBits(epochBits, "epoch");
        if (Long.compareUnsigned(index, mask(indexBits)) > 0) {
            throw new IllegalArgumentException("Leaf index " + index + " does not fit " + indexBits + " bits");
        }
        return context << (indexBits + epochBits) | index << epochBits | (epoch & mask(epochBits));
    }

    private static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    private static void checkBits(int bits, String what) {
        if (bits < 0 || bits > 63) {
            throw new IllegalArgumentException("Invalid " + what + " bit count " + bits + "; 0 to 63");
        }
    }
}
