package dev.myelin.crypto.keyshare;

import java.util.List;
import java.util.Set;

/**
 * Decides when a participant makes a new media key and who receives which key. Pure: fed membership changes,
 * delivery results and a clock; it returns actions and never blocks.
 *
 * <p>Guarantees every implementation keeps: a participant that has left never receives a key made after it left;
 * every current participant is sent the key in use (or will be, on a retry); apart from the very first key, a new key
 * goes into use only after a delay meant to let it reach the current participants.
 */
public interface KeySharingPolicy {

    /** The other participants of the session are now {@code others} (never including self). */
    List<KeyShareAction> onMembersChanged(Set<ParticipantId> others, long now);

    /** A requested wake-up time has come. */
    List<KeyShareAction> onTimer(long now);

    /** The send {@code sendId} finished; {@code failed} did not get the key. */
    List<KeyShareAction> onDelivered(long sendId, Set<ParticipantId> failed, long now);
}
