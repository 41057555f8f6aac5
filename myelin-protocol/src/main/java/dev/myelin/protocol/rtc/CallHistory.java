package dev.myelin.protocol.rtc;

import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Derives call history from successive member lists of one slot: a call starts when the list goes from empty to
 * non-empty (at the oldest member's creation time, by that member) and ends when it empties again. Not thread-safe.
 */
public final class CallHistory {
    /** A finished or running call. */
    public record Call(long startedAt, UserId startedBy, Optional<Long> endedAt) {
        public Optional<Long> durationMs() {
            return endedAt.map(end -> end - startedAt);
        }
    }

    private Call current;

    /**
     * Feeds the slot's member list as computed at {@code now}; returns the call that started or ended with this
     * list, if one did.
     */
    public Optional<Call> onMembers(List<RtcMembership> members, long now) {
        if (current == null && !members.isEmpty()) {
            RtcMembership oldest = members.getFirst();
            current = new Call(oldest.createdTs(), oldest.sender(), Optional.empty());
            return Optional.of(current);
        }
        if (current != null && members.isEmpty()) {
            Call ended = new Call(current.startedAt(), current.startedBy(), Optional.of(now));
            current = null;
            return Optional.of(ended);
        }
        return Optional.empty();
    }

    public Optional<Call> current() {
        return Optional.ofNullable(current);
    }
}
