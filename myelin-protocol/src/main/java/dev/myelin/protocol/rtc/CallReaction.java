package dev.myelin.protocol.rtc;

import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonShapeException;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.EventId;
import java.text.BreakIterator;
import java.util.Optional;
import java.util.Set;

/**
 * Element Call's in-call reaction ({@code io.element.call.reaction}) and raised hand ({@code m.reaction} with 🖐️ on
 * the sender's membership). Both count only while they point at the sender's current membership event.
 */
public record CallReaction(EventId eventId, String emoji, String name, EventId membershipEventId) {
    public static final String TYPE = "io.element.call.reaction";
    public static final String RAISED_HAND_KEY = "\uD83D\uDD90\uFE0F";
    /** How long a reaction shows, one at a time per user and device. */
    public static final long DISPLAY_MS = 3_000;
    private static final Set<String> NAMES = Set.of("thumbsup", "party", "clapping", "dog", "cat", "lightbulb",
            "crickets", "thumbsdown", "dizzy", "ok", "heart", "laugh", "deer", "rock", "wave", "drum");

    /**
     * Reads a reaction that counts: the relation must be a reference to {@code currentMembership} (the sender's
     * current membership event); the emoji is cut to its first grapheme and unknown names become "generic".
     */
    public static Optional<CallReaction> read(ClientEvent event, Optional<EventId> currentMembership) {
        try {
            JsonObject relation = event.content().object("m.relates_to");
            EventId target = EventId.parse(relation.string("event_id"));
            if (!"m.reference".equals(relation.string("rel_type")) || currentMembership.filter(target::equals).isEmpty()) {
                return Optional.empty();
            }
            String emoji = firstGrapheme(event.content().string("emoji"));
            if (emoji.isEmpty()) {
                return Optional.empty();
            }
            String name = event.content().lenientString("name").filter(NAMES::contains).orElse("generic");
            return Optional.of(new CallReaction(event.eventId(), emoji, name, target));
        } catch (JsonShapeException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether an {@code m.reaction} raises the sender's hand on {@code currentMembership}. */
    public static boolean isRaisedHand(ClientEvent event, Optional<EventId> currentMembership) {
        if (!"m.reaction".equals(event.type())) {
            return false;
        }
        JsonObject relation = event.content().optional("m.relates_to", JsonObject.class).orElse(JsonObject.EMPTY);
        return "m.annotation".equals(relation.lenientString("rel_type").orElse(""))
                && RAISED_HAND_KEY.equals(relation.lenientString("key").orElse(""))
                && relation.lenientString("event_id").flatMap(id -> currentMembership.map(m -> m.value().equals(id)))
                        .orElse(false);
    }

    private static String firstGrapheme(String text) {
        BreakIterator graphemes = BreakIterator.getCharacterInstance();
        graphemes.setText(text);
        int end = graphemes.next();
        return end == BreakIterator.DONE ? "" : text.substring(0, end);
    }
}
