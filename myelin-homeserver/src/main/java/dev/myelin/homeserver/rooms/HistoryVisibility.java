package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.EventRepository;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which of a room's events a user may see ({@code m.room.history_visibility}, spec "History visibility"), decided as
 * Synapse does. One server means one linear stream, so the state in force before an event is the newest value of its
 * key with a lower position:
 * <ul>
 * <li>{@code world_readable}: everyone; {@code shared}: while joined, everything (a user who left sees only what
 * the rules below allow); {@code invited}: from the user's invite on; {@code joined}: from the join on;</li>
 * <li>a user joined at the event sees it; a user always sees their own membership events;</li>
 * <li>on a change of visibility or of the user's membership the less restrictive side applies, so boundaries show.</li>
 * </ul>
 */
final class HistoryVisibility implements Predicate<StoredEvent> {
    private static final String TYPE = "m.room.history_visibility";
    /** Least restrictive first. */
    private static final List<String> VISIBILITY_ORDER = List.of("world_readable", "shared", "invited", "joined");
    /** Most privileged first. */
    private static final List<String> MEMBERSHIP_ORDER = List.of("join", "invite", "knock", "leave", "ban");

    private final UserId user;
    private final List<StoredEvent> visibilityHistory;
    private final List<StoredEvent> membershipHistory;
    private final boolean currentlyJoined;

    private HistoryVisibility(UserId user, List<StoredEvent> visibilityHistory, List<StoredEvent> membershipHistory) {
        this.user = user;
        this.visibilityHistory = visibilityHistory;
        this.membershipHistory = membershipHistory;
        this.currentlyJoined = !membershipHistory.isEmpty()
                && membership(membershipHistory.getLast()).equals("join");
    }

    static HistoryVisibility of(EventRepository events, RoomId roomId, UserId user) {
        return new HistoryVisibility(user, events.stateHistory(roomId, TYPE, ""),
                events.stateHistory(roomId, "m.room.member", user.toString()));
    }

    /** From histories built by hand (tests). */
    static HistoryVisibility forTesting(UserId user, List<StoredEvent> visibilityHistory,
            List<StoredEvent> membershipHistory) {
        return new HistoryVisibility(user, visibilityHistory, membershipHistory);
    }

    /** Whether the user may read the room's history at all: ever a member or invited, or world-readable now. */
    boolean mayRead() {
        return !membershipHistory.isEmpty() || (!visibilityHistory.isEmpty()
                && visibility(visibilityHistory.getLast()).equals("world_readable"));
    }

    @Override
    public boolean test(StoredEvent event) {
        String visibility = before(visibilityHistory, event).map(HistoryVisibility::visibility).orElse("shared");
        if (event.type().equals(TYPE) && event.stateKey().filter(""::equals).isPresent()) {
            String changedTo = visibility(event);
            if (VISIBILITY_ORDER.indexOf(changedTo) < VISIBILITY_ORDER.indexOf(visibility)) {
                visibility = changedTo;
            }
        }
        String membership = before(membershipHistory, event).map(HistoryVisibility::membership).orElse("leave");
        if (event.type().equals("m.room.member") && event.stateKey().filter(user.toString()::equals).isPresent()) {
            String changedTo = membership(event);
            if (changedTo.equals("leave") && (membership.equals("join") || membership.equals("invite"))) {
                return true;
            }
            if (MEMBERSHIP_ORDER.indexOf(changedTo) < MEMBERSHIP_ORDER.indexOf(membership)) {
                membership = changedTo;
            }
        }
        return switch (visibility) {
            case "world_readable" -> true;
            case "shared" -> membership.equals("join") || currentlyJoined;
            case "invited" -> membership.equals("join") || membership.equals("invite");
            default -> membership.equals("join");
        };
    }

    /** The newest entry before the event's position. */
    private static Optional<StoredEvent> before(List<StoredEvent> history, StoredEvent event) {
        StoredEvent found = null;
        for (StoredEvent entry : history) {
            if (entry.streamOrdering() >= event.streamOrdering()) {
                break;
            }
            found = entry;
        }
        return Optional.ofNullable(found);
    }

    private static String visibility(StoredEvent event) {
        String value = event.content().lenientString("history_visibility").orElse("shared");
        return VISIBILITY_ORDER.contains(value) ? value : "shared";
    }

    private static String membership(StoredEvent event) {
        String value = event.content().lenientString("membership").orElse("leave");
        return MEMBERSHIP_ORDER.contains(value) ? value : "leave";
    }
}
