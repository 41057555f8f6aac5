package dev.myelin.crypto.sframe;

/**
 * Anti-replay state for one KID (RFC 9605 section 9.3 leaves replay protection to the application and suggests this
 * shape): the highest CTR accepted so far and a sliding bitmap of the {@code size} counters up to it. A counter is
 * fresh when it is above the highest, or within the window and not yet seen; counters more than {@code size − 1}
 * below the highest are refused as too old, so reordering deeper than the window drops frames.
 *
 * <p>{@link #isFresh} only looks; {@link #markSeen} records a counter and must be called only after the frame
 * authenticated, or forged frames could move the window and make genuine ones look old. CTRs are unsigned 64-bit
 * values. Constant memory ({@code size} bits rounded up to 64), no allocation per frame. Not thread-safe.
 */
public final class SFrameReplayWindow {
    /** The largest window: 65 536 frames, over 18 minutes of 60 fps video. */
    public static final int MAX_SIZE = 1 << 16;

    private final int size;
    private final long[] seen;
    private final int bits;
    private boolean any;
    private long highest;

    /**
     * @param size how many counters up to and including the highest are remembered (1 to {@link #MAX_SIZE})
     */
    public SFrameReplayWindow(int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("Replay window size must be 1.." + MAX_SIZE + ", got " + size);
        }
        this.size = size;
        this.seen = new long[(size + 63) / 64];
        this.bits = seen.length * 64;
    }

    public int size() {
        return size;
    }

    /** Whether a frame with this counter would be accepted now (nothing recorded). */
    public boolean isFresh(long ctr) {
        if (!any || Long.compareUnsigned(ctr, highest) > 0) {
            return true;
        }
        long behind = highest - ctr; // unsigned, ≥ 0 here
        return Long.compareUnsigned(behind, size) < 0 && !isSet(ctr);
    }

    /**
     * Records an authenticated frame's counter; returns false (recording nothing) when it was not fresh.
     */
    public boolean markSeen(long ctr) {
        if (!isFresh(ctr)) {
            return false;
        }
        if (!any) {
            any = true;
            highest = ctr;
        } else if (Long.compareUnsigned(ctr, highest) > 0) {
            long ahead = ctr - highest;
            if (Long.compareUnsigned(ahead, bits) >= 0) {
                java.util.Arrays.fill(seen, 0L);
            } else {
                for (long c = highest + 1; c != ctr; c++) { // forget what the window slides past
                    clear(c);
                }
            }
            highest = ctr;
        }
        set(ctr);
        return true;
    }

    /** The highest counter accepted, if any. */
    public java.util.OptionalLong highest() {
        return any ? java.util.OptionalLong.of(highest) : java.util.OptionalLong.empty();
    }

    private int index(long ctr) {
        return (int) Long.remainderUnsigned(ctr, bits);
    }

    private boolean isSet(long ctr) {
        int i = index(ctr);
        return (seen[i >>> 6] & (1L << i)) != 0;
    }

    private void set(long ctr) {
        int i = index(ctr);
        seen[i >>> 6] |= 1L << i;
    }

    private void clear(long ctr) {
        int i = index(ctr);
        seen[i >>> 6] &= ~(1L << i);
    }

    @Override
    public String toString() {
        return "SFrameReplayWindow[size=" + size + ", highest=" + (any ? Long.toUnsignedString(highest) : "none")
                + "]";
    }
}
