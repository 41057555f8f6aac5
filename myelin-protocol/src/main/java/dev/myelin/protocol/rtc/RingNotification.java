package dev.myelin.protocol.rtc;

import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonShapeException;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.EventId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A call notification ({@code org.matrix.msc4075.rtc.notification}): "ring" or "notification", sent by whoever
 * started the call. Sticky or plain: js-sdk's scheduler drops the sticky parameter from events with a relation.
 *
 * @param lifetimeMs how long it rings, as sent (the receiver caps it at two minutes)
 */
public record RingNotification(
        EventId eventId,
        UserId sender,
        long originServerTs,
        SlotId slot,
        boolean ring,
        boolean mentionsRoom,
        List<UserId> mentionedUsers,
        long senderTs,
        long lifetimeMs,
        Optional<String> callIntent) {

    public static final String TYPE = "org.matrix.msc4075.rtc.notification";
    public static final String DECLINE_TYPE = "org.matrix.msc4310.rtc.decline";
    static final long MAX_LIFETIME_MS = 120_000;
    static final long MAX_SENDER_CLOCK_SKEW_MS = 20_000;

    public RingNotification {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(slot, "slot");
        mentionedUsers = List.copyOf(mentionedUsers);
        Objects.requireNonNull(callIntent, "callIntent");
    }

    /** What reading a notification event gave. */
    public sealed interface Reading {
        record Valid(RingNotification notification) implements Reading {
        }

        /** Content with only the sticky key: the sender withdrew the notification. */
        record Withdrawn() implements Reading {
        }

        record Ignored(String reason) implements Reading {
        }
    }

    /**
     * Reads a notification event.
     *
     * @param relatedMembership the current membership a related event id names, to resolve the slot when the
     *                          content has no {@code slot_id}
     */
    public static Reading read(ClientEvent event, Function<EventId, Optional<RtcMembership>> relatedMembership) {
        JsonObject content = event.content();
        try {
            if (content.size() == 1 && content.has("msc4354_sticky_key")) {
                return new Reading.Withdrawn();
            }
            Optional<EventId> related = content.optionalObject("m.relates_to")
                    .map(relation -> EventId.parse(relation.string("event_id")));
            Optional<SlotId> slot = content.optionalString("slot_id").map(SlotId::parse)
                    .or(() -> related.flatMap(relatedMembership).map(RtcMembership::slot));
            if (slot.isEmpty()) {
                return new Reading.Ignored("slot cannot be resolved");
            }
            Optional<String> stickyKey = content.optionalString("msc4354_sticky_key");
            if (stickyKey.isPresent() && !stickyKey.get().equals(slot.get().toString())) {
                return new Reading.Ignored("sticky key is not the slot id");
            }
            long senderTs = content.integer("sender_ts");
            long lifetime = content.integer("lifetime");
            if (senderTs < 0 || lifetime < 0) {
                return new Reading.Ignored("sender_ts and lifetime must not be negative");
            }
            JsonObject mentions = content.object("m.mentions");
            boolean room = mentions.optionalBool("room").orElse(false);
            List<UserId> users = mentions.optionalArray("user_ids").map(array -> array.strings().stream()
                    .map(UserId::parse).toList()).orElse(List.of());
            if (!room && users.isEmpty()) {
                return new Reading.Ignored("mentions nobody");
            }
            boolean ring = "ring".equals(content.string("notification_type"));
            return new Reading.Valid(new RingNotification(event.eventId(), event.sender(), event.originServerTs(),
                    slot.get(), ring, room, users, senderTs, lifetime, content.lenientString("m.call.intent")));
        } catch (JsonShapeException | IllegalArgumentException e) { // bad ids and slots are IllegalArgumentExceptions
            return new Reading.Ignored(e.getMessage());
        }
    }

    /**
     * Until when it rings on receivers: from the sender's timestamp, or from the server's when the two disagree by
     * more than 20 s, for at most two minutes.
     */
    public long ringsUntil() {
        long start = senderTs - originServerTs > MAX_SENDER_CLOCK_SKEW_MS ? originServerTs : senderTs;
        return start + Math.min(lifetimeMs, MAX_LIFETIME_MS);
    }

    /** The content of a decline of this notification (sticky for two minutes). */
    public JsonObject declineContent() {
        return JsonObject.builder()
                .put("m.relates_to", JsonObject.builder().put("rel_type", "m.reference")
                        .put("event_id", eventId.value()).build())
                .put("msc4354_sticky_key", eventId.value())
                .build();
    }
}
