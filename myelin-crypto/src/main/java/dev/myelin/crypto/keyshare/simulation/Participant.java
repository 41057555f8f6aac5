package dev.myelin.crypto.keyshare.simulation;

import dev.myelin.crypto.keyshare.EpochId;
import dev.myelin.crypto.keyshare.MediaKey;
import dev.myelin.crypto.keyshare.ParticipantId;
import java.util.HashSet;
import java.util.Set;

/**
 * One simulated member: its policy, the key it encrypts with, the per-sender keys and epochs it holds, and which
 * senders it cannot decrypt right now.
 */
final class Participant {
    /** Per-sender keys kept per sender: enough for the key in use and those rolling out. */
    private static final int SLOTS = 4;

    final int id;
    final ParticipantId participantId;
    final Population.MemberPolicy policy;
    final long joinedAt;
    final Set<Long> wakeTimes = new HashSet<>();
    final Set<EpochId> epochs = new HashSet<>();
    /** Senders (by id) whose key in use this member lacks, and how many. */
    final boolean[] lacking;
    int lackingCount;
    private final MediaKey[][] ring;
    /** When each key in {@link #ring} was sent (its {@code sent_ts}). */
    private final long[][] sentAt;
    MediaKey inUse;
    EpochId inUseEpoch;
    /** Whether a membership update naming this member has reached the policies (so keys may have been sent to it). */
    boolean announced;

    Participant(int id, Population.MemberPolicy policy, long joinedAt, int maxId) {
        this.id = id;
        this.participantId = participantId(id);
        this.policy = policy;
        this.joinedAt = joinedAt;
        this.ring = new MediaKey[maxId + 1][];
        this.sentAt = new long[maxId + 1][];
        this.lacking = new boolean[maxId + 1];
    }

    boolean epochCapable() {
        return policy instanceof Population.MemberPolicy.Epochs;
    }

    /**
     * Keeps {@code key}, sent at {@code sentAt}, unless this member holds a key for the same index sent later: as js-sdk
     * and {@code InboundCallKeys} do (by {@code sent_ts}), so a key overtaken in transit does not replace its successor.
     */
    void store(int sender, MediaKey key, long sentAt) {
        if (ring[sender] == null) {
            ring[sender] = new MediaKey[SLOTS];
            this.sentAt[sender] = new long[SLOTS];
        }
        int slot = key.index() % SLOTS;
        MediaKey held = ring[sender][slot];
        if (held != null && held.index() == key.index() && this.sentAt[sender][slot] > sentAt) {
            return;
        }
        ring[sender][slot] = key;
        this.sentAt[sender][slot] = sentAt;
    }

    /** Whether this member can decrypt what {@code sender} encrypts now. */
    boolean canDecrypt(Participant sender) {
        if (sender.inUseEpoch != null && epochs.contains(sender.inUseEpoch)) {
            return true;
        }
        MediaKey[] slots = ring[sender.id];
        return slots != null && slots[sender.inUse.index() % SLOTS] == sender.inUse;
    }

    static ParticipantId participantId(int id) {
        return new ParticipantId("p" + id);
    }

    static int idOf(ParticipantId participant) {
        return Integer.parseInt(participant.value().substring(1));
    }
}
