package dev.myelin.protocol.rtc;

import dev.myelin.json.JsonShapeException;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.UserId;
import dev.myelin.protocol.rtc.MembershipReading.Joined;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** The member list of one slot, computed as matrix-js-sdk 43 computes it, so every peer agrees on who is in. */
public final class SessionMembers {
    private SessionMembers() {
    }

    /**
     * The members of {@code slot}, oldest first.
     *
     * @param stickyEvents    the room's current sticky {@code rtc.member} events (after the sticky-key map)
     * @param legacyEvents    the room's current {@code call.member} state events
     * @param slotClosed      whether the slot's state event says it is closed; sticky members are then ignored
     * @param isJoinedToRoom  whether a user is joined to the room
     * @param now             local time in milliseconds, for legacy expiry
     */
    public static List<RtcMembership> compute(SlotId slot, Collection<ClientEvent> stickyEvents,
            Collection<ClientEvent> legacyEvents, boolean slotClosed, Predicate<UserId> isJoinedToRoom, long now) {
        var candidates = new ArrayList<ClientEvent>();
        Set<String> stickyKeys = new HashSet<>();
        if (!slotClosed) {
            for (ClientEvent event : stickyEvents) {
                candidates.add(event);
                stickyKeyOf(event).ifPresent(stickyKeys::add);
            }
        }
        for (ClientEvent event : legacyEvents) {
            // A sticky event wins over a legacy one whose state key equals its sticky key.
            if (event.stateKey().filter(stickyKeys::contains).isEmpty()) {
                candidates.add(event);
            }
        }
        var members = new ArrayList<RtcMembership>();
        for (ClientEvent event : candidates) {
            if (MembershipReader.read(event) instanceof Joined(RtcMembership member)
                    && member.slot().equals(slot)
                    && !member.isExpiredAt(now)
                    && isJoinedToRoom.test(member.sender())) {
                members.add(member);
            }
        }
        // Stable sort: sticky candidates came first, so they win ties on createdTs.
        members.sort(Comparator.comparingLong(RtcMembership::createdTs));
        return List.copyOf(members);
    }

    /** This device's own membership: the first entry with its user and device (not member id). */
    public static Optional<RtcMembership> own(List<RtcMembership> members, UserId user, String deviceId) {
        return members.stream()
                .filter(member -> member.sender().equals(user) && member.deviceId().equals(deviceId))
                .findFirst();
    }

    /** Whether two member lists differ as js-sdk decides it: in length or in any member's content. */
    public static boolean changed(List<RtcMembership> before, List<RtcMembership> after) {
        if (before.size() != after.size()) {
            return true;
        }
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).content().equals(after.get(i).content())) {
                return true;
            }
        }
        return false;
    }

    /** The soonest legacy expiry after {@code now}, when the list must be recomputed. */
    public static Optional<Long> nextExpiry(List<RtcMembership> members) {
        return members.stream()
                .filter(member -> member.expiresAt().isPresent())
                .map(member -> member.expiresAt().getAsLong())
                .min(Long::compare);
    }

    /** The call intent all members who state one agree on, else empty. */
    public static Optional<String> callIntent(List<RtcMembership> members) {
        Set<String> intents = new HashSet<>();
        members.forEach(member -> member.callIntent().ifPresent(intents::add));
        return intents.size() == 1 ? Optional.of(intents.iterator().next()) : Optional.empty();
    }

    private static Optional<String> stickyKeyOf(ClientEvent event) {
        try {
            return StickyMembershipReader.stickyKey(event.content());
        } catch (JsonShapeException conflictingKeys) {
            return Optional.empty();
        }
    }
}
