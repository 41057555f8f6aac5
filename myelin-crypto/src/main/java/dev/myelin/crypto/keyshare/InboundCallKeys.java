package dev.myelin.crypto.keyshare;

import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.rtc.LiveKitNames;
import dev.myelin.protocol.rtc.RtcMembership;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Media keys other members sent us, checked before they reach the frame decryptor: the room must match; in an
 * encrypted room a key must have come over Olm, from the very device its membership names (js-sdk checks neither);
 * a key whose membership has not arrived yet is held until it does, for a bounded time and number; an older key for
 * a slot that already holds a newer one (by the sender's timestamp) is dropped. Not thread-safe.
 */
public final class InboundCallKeys {
    /** What became of a received key. */
    public sealed interface Verdict {
        /** Install {@code key} for the LiveKit participant {@code identity}. */
        record Install(String identity, MediaKey key) implements Verdict {
        }

        /** Kept until the sender's membership appears. */
        record Held() implements Verdict {
        }

        record Dropped(String reason) implements Verdict {
        }
    }

    private record HeldKey(ReceivedCallKey key, long heldAt) {
    }

    private final RoomId room;
    private final boolean roomEncrypted;
    private final long holdMs;
    private final int maxHeld;
    private final Deque<HeldKey> held = new ArrayDeque<>();
    private final Map<String, Long> newestSentTs = new HashMap<>();

    /**
     * @param holdMs  how long a key may wait for its membership
     * @param maxHeld how many keys may wait at once (the oldest is dropped beyond that)
     */
    public InboundCallKeys(RoomId room, boolean roomEncrypted, long holdMs, int maxHeld) {
        this.room = Objects.requireNonNull(room, "room");
        this.roomEncrypted = roomEncrypted;
        this.holdMs = holdMs;
        this.maxHeld = maxHeld;
    }

    /** Judges a key that just arrived against the current members. */
    public Verdict receive(ReceivedCallKey received, List<RtcMembership> members, long now) {
        CallKeyContent content = received.content();
        if (!content.room().equals(room)) {
            return new Verdict.Dropped("key for room " + content.room() + ", not " + room);
        }
        if (received.olmSenderDevice().isEmpty() && roomEncrypted) {
            return new Verdict.Dropped("cleartext key in an encrypted room");
        }
        if (received.olmSenderDevice().filter(device -> !device.equals(content.claimedDeviceId())).isPresent()) {
            return new Verdict.Dropped("claimed device " + content.claimedDeviceId() + " is not the Olm sender device");
        }
        Optional<RtcMembership> member = memberOf(received, members);
        if (member.isEmpty()) {
            held.addLast(new HeldKey(received, now));
            while (held.size() > maxHeld) {
                held.removeFirst();
            }
            return new Verdict.Held();
        }
        return install(member.get(), content);
    }

    /** Members changed: installs held keys whose memberships have arrived, and forgets held keys too old to keep. */
    public List<Verdict.Install> onMembersChanged(List<RtcMembership> members, long now) {
        var installs = new ArrayList<Verdict.Install>();
        held.removeIf(entry -> now - entry.heldAt() > holdMs);
        for (var it = held.iterator(); it.hasNext(); ) {
            HeldKey entry = it.next();
            Optional<RtcMembership> member = memberOf(entry.key(), members);
            if (member.isPresent()) {
                it.remove();
                if (install(member.get(), entry.key().content()) instanceof Verdict.Install install) {
                    installs.add(install);
                }
            }
        }
        return installs;
    }

    public int heldCount() {
        return held.size();
    }

    private Verdict install(RtcMembership member, CallKeyContent content) {
        String identity = LiveKitNames.identity(member);
        String slot = identity + "#" + content.key().index();
        Long newest = newestSentTs.get(slot);
        if (newest != null && newest > content.sentTs()) {
            return new Verdict.Dropped("older than the key already in slot " + content.key().index());
        }
        newestSentTs.put(slot, content.sentTs());
        return new Verdict.Install(identity, content.key());
    }

    private static Optional<RtcMembership> memberOf(ReceivedCallKey received, List<RtcMembership> members) {
        CallKeyContent content = received.content();
        return members.stream()
                .filter(member -> member.sender().equals(received.sender())
                        && member.deviceId().equals(content.claimedDeviceId())
                        && member.memberId().equals(content.memberId()))
                .findFirst();
    }
}
