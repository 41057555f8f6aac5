package dev.myelin.crypto.keyshare.simulation;

import dev.myelin.crypto.keyshare.KeySharingPolicy;
import dev.myelin.crypto.keyshare.MediaKey;
import dev.myelin.crypto.keyshare.ParticipantId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** One simulated member: its policy, the key it encrypts with, and the keys it has received from others. */
final class Participant {
    final int id;
    final KeySharingPolicy policy;
    final Map<Long, MediaKey> ring = new HashMap<>();
    final Set<Long> wakeTimes = new HashSet<>();
    MediaKey inUse;

    Participant(int id, KeySharingPolicy policy) {
        this.id = id;
        this.policy = policy;
    }

    /** Whether this member lacks the key {@code sender} encrypts with now. */
    boolean lacks(Participant sender) {
        return !holds(sender.id, sender.inUse);
    }

    boolean holds(int sender, MediaKey key) {
        return ring.get(slot(sender, key.index())) == key;
    }

    static long slot(int sender, int index) {
        return ((long) sender << 8) | index;
    }

    static ParticipantId participantId(int id) {
        return new ParticipantId("p" + id);
    }

    static int idOf(ParticipantId participant) {
        return Integer.parseInt(participant.value().substring(1));
    }
}
