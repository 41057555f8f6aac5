package dev.myelin.crypto.keyshare;

import java.util.HashSet;
import java.util.Set;

/** How the other participants changed between two member sets. */
record MembershipDelta(Set<ParticipantId> joined, boolean someoneLeft) {

    static MembershipDelta between(Set<ParticipantId> before, Set<ParticipantId> after) {
        var joined = new HashSet<>(after);
        joined.removeAll(before);
        return new MembershipDelta(Set.copyOf(joined), !after.containsAll(before));
    }
}
