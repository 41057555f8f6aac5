package dev.myelin.crypto.keyshare;

import java.util.Comparator;
import java.util.Objects;

/**
 * Names one call epoch: a counter and the distributor that made it. Epochs are ordered by counter, then by
 * distributor id, so two distributors that race during a failover and pick the same counter still agree on which
 * epoch wins. The counter also picks the slot in LiveKit's 256-entry key ring.
 */
public record EpochId(long counter, ParticipantId distributor) implements Comparable<EpochId> {
    private static final Comparator<EpochId> ORDER =
            Comparator.comparingLong(EpochId::counter).thenComparing(EpochId::distributor);

    public EpochId {
        if (counter < 0) {
            throw new IllegalArgumentException("epoch counter must not be negative: " + counter);
        }
        Objects.requireNonNull(distributor, "distributor");
    }

    /** The key-ring index every sender's key of this epoch takes. */
    public int ringIndex() {
        return (int) (counter % MediaKey.RING_SIZE);
    }

    public boolean isNewerThan(EpochId other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(EpochId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return counter + "@" + distributor;
    }
}
