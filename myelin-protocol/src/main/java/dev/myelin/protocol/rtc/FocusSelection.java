package dev.myelin.protocol.rtc;

import java.util.List;
import java.util.Optional;

/** Which transport (SFU) a member connects to, by the rules its own membership advertises. */
public final class FocusSelection {
    public static final String OLDEST_MEMBERSHIP = "oldest_membership";
    public static final String MULTI_SFU = "multi_sfu";

    private FocusSelection() {
    }

    /**
     * The transport {@code own} publishes on. Sticky members use their own first published transport; legacy members
     * follow {@code focus_selection}: the oldest member's first transport for {@code oldest_membership}, their own
     * first for {@code multi_sfu}, none for anything else.
     *
     * @param members the slot's members, oldest first, as {@link SessionMembers#compute} returns them
     */
    public static Optional<Transport> transportFor(RtcMembership own, List<RtcMembership> members) {
        if (own.dialect().isSticky()) {
            return first(own);
        }
        return switch (own.focusSelection().orElse("")) {
            case OLDEST_MEMBERSHIP -> members.isEmpty() ? first(own) : first(members.getFirst());
            case MULTI_SFU -> first(own);
            default -> Optional.empty();
        };
    }

    private static Optional<Transport> first(RtcMembership member) {
        return member.transports().stream().findFirst();
    }
}
