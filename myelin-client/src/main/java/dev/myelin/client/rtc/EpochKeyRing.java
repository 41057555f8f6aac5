package dev.myelin.client.rtc;

import dev.myelin.crypto.keyshare.CallEpoch;
import dev.myelin.crypto.keyshare.EpochId;
import dev.myelin.crypto.keyshare.EpochKeyContent;
import dev.myelin.crypto.keyshare.EpochKeyDerivation;
import dev.myelin.crypto.keyshare.MediaKey;
import dev.myelin.crypto.keyshare.ParticipantId;
import dev.myelin.crypto.olm.DecryptedToDevice;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.rtc.LiveKitNames;
import dev.myelin.protocol.rtc.RtcMembership;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The receiving side of epoch keys: checks {@code dev.myelin.call.epoch_key} messages against the claimed
 * distributor's membership, holds those whose membership has not arrived yet (bounded in time and number), and keeps
 * the per-sender media keys derived from each installed epoch for every epoch-capable member. Not thread-safe.
 */
final class EpochKeyRing {
    /** A checked epoch message: feed it to the policy. */
    record Accepted(ParticipantId from, CallEpoch epoch, long useInMs) {
    }

    /** A key derived for {@code member} from an installed epoch. */
    record Derived(RtcMembership member, MediaKey key) {
    }

    private record Held(DecryptedToDevice event, EpochKeyContent content, long heldAt) {
    }

    private final RoomId room;
    private final String slotId;
    private final String selfIdentity;
    private final EpochKeyDerivation derivation;
    private final long holdMs;
    private final int maxHeld;
    private final TreeMap<EpochId, Map<String, MediaKey>> installed = new TreeMap<>();
    private final Map<EpochId, CallEpoch> epochs = new HashMap<>();
    private final Deque<Held> held = new ArrayDeque<>();

    EpochKeyRing(RoomId room, String slotId, String selfIdentity, long holdMs, int maxHeld) {
        this.room = room;
        this.slotId = slotId;
        this.selfIdentity = selfIdentity;
        this.derivation = new EpochKeyDerivation(room.value(), slotId);
        this.holdMs = holdMs;
        this.maxHeld = maxHeld;
    }

    /**
     * Judges an Olm-decrypted epoch message: accepted only when the Olm sender's user and device are those of the
     * claimed distributor's membership (and the content names that membership); held while that membership is
     * unknown; anything else is dropped. Malformed content throws {@code JsonShapeException}.
     */
    Optional<Accepted> receive(DecryptedToDevice event, List<RtcMembership> members, long now) {
        var content = EpochKeyContent.parse(event.content());
        if (!content.room().equals(room) || !content.slotId().equals(slotId)) {
            return Optional.empty();
        }
        Optional<RtcMembership> distributor = memberOf(content, members);
        if (distributor.isEmpty()) {
            held.addLast(new Held(event, content, now));
            while (held.size() > maxHeld) {
                held.removeFirst();
            }
            return Optional.empty();
        }
        return check(event, content, distributor.get());
    }

    /** Members changed: returns the held messages that can now be judged (and judged good), drops stale ones. */
    List<Accepted> retryHeld(List<RtcMembership> members, long now) {
        var accepted = new ArrayList<Accepted>();
        held.removeIf(entry -> now - entry.heldAt() > holdMs);
        for (var it = held.iterator(); it.hasNext(); ) {
            Held entry = it.next();
            Optional<RtcMembership> distributor = memberOf(entry.content(), members);
            if (distributor.isPresent()) {
                it.remove();
                check(entry.event(), entry.content(), distributor.get()).ifPresent(accepted::add);
            }
        }
        return accepted;
    }

    /** Installs {@code epoch}: derives the key of every other capable member in {@code members}. */
    List<Derived> install(CallEpoch epoch, List<RtcMembership> members) {
        epochs.put(epoch.id(), epoch);
        installed.put(epoch.id(), new HashMap<>());
        var derived = new ArrayList<Derived>();
        for (RtcMembership member : members) {
            deriveFor(epoch, member).ifPresent(derived::add);
        }
        return derived;
    }

    void retire(EpochId id) {
        installed.remove(id);
        epochs.remove(id);
    }

    /** Derives the keys of members that appeared while epochs are installed. */
    List<Derived> onMembersChanged(List<RtcMembership> members) {
        var derived = new ArrayList<Derived>();
        for (CallEpoch epoch : epochs.values()) {
            for (RtcMembership member : members) {
                if (!installed.get(epoch.id()).containsKey(LiveKitNames.identity(member))) {
                    deriveFor(epoch, member).ifPresent(derived::add);
                }
            }
        }
        return derived;
    }

    /** The key derived for the LiveKit participant {@code identity} at ring index {@code index}, if installed. */
    Optional<MediaKey> key(String identity, int index) {
        return installed.descendingMap().entrySet().stream().filter(e -> e.getKey().ringIndex() == index)
                .map(e -> e.getValue().get(identity)).filter(java.util.Objects::nonNull).findFirst();
    }

    /** The installed epochs, oldest first. */
    List<EpochId> installedEpochs() {
        return List.copyOf(installed.keySet());
    }

    private Optional<Derived> deriveFor(CallEpoch epoch, RtcMembership member) {
        String identity = LiveKitNames.identity(member);
        if (identity.equals(selfIdentity) || !EpochKeyContent.advertisedBy(member.content())) {
            return Optional.empty();
        }
        MediaKey key = derivation.mediaKey(epoch, new ParticipantId(identity));
        installed.get(epoch.id()).put(identity, key);
        return Optional.of(new Derived(member, key));
    }

    private static Optional<Accepted> check(DecryptedToDevice event, EpochKeyContent content, RtcMembership member) {
        boolean fromIt = member.sender().toString().equals(event.sender().userId())
                && member.deviceId().equals(event.sender().deviceId())
                && member.deviceId().equals(content.claimedDeviceId())
                && member.memberId().equals(content.memberId());
        return fromIt ? Optional.of(new Accepted(content.epoch().distributor(), content.callEpoch(), content.useInMs()))
                : Optional.empty();
    }

    private static Optional<RtcMembership> memberOf(EpochKeyContent content, List<RtcMembership> members) {
        String distributor = content.epoch().distributor().value();
        return members.stream().filter(member -> LiveKitNames.identity(member).equals(distributor)).findFirst();
    }
}
