package dev.myelin.crypto.keyshare;

import java.util.Comparator;
import java.util.Objects;

/**
 * A call member as the epoch policy sees it.
 *
 * @param joinedAt     when the membership began (its {@code created_ts}); the oldest capable member distributes
 * @param epochCapable whether its membership advertises epoch keys ({@link EpochKeyContent#CAPABILITY_FIELD}); the
 *                     others (matrix-js-sdk, matrix-rust-rtc) get per-sender keys
 */
public record CallMember(ParticipantId id, long joinedAt, boolean epochCapable) {
    /** Election order: oldest membership first, ties by id, so every member computes the same order. */
    public static final Comparator<CallMember> SENIORITY =
            Comparator.comparingLong(CallMember::joinedAt).thenComparing(CallMember::id);

    public CallMember {
        Objects.requireNonNull(id, "id");
    }
}
