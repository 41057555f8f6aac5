package dev.myelin.homeserver.rooms;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * An event a local user asks to send, before it has prev/auth events, hashes, signature and id.
 *
 * @param redacts for {@code m.room.redaction}: the event it redacts (top-level in v10, in content from v11)
 */
record EventDraft(String type, Optional<String> stateKey, UserId sender, JsonObject content,
        Optional<String> redacts, Optional<Long> stickyDurationMs) {
    EventDraft(String type, Optional<String> stateKey, UserId sender, JsonObject content, Optional<String> redacts) {
        this(type, stateKey, sender, content, redacts, Optional.empty());
    }

    /** The same draft, sticky (MSC4354) for {@code durationMs} if present. */
    EventDraft sticky(Optional<Long> durationMs) {
        return new EventDraft(type, stateKey, sender, content, redacts, durationMs);
    }

    EventDraft {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stateKey, "stateKey");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(redacts, "redacts");
        Objects.requireNonNull(stickyDurationMs, "stickyDurationMs");
    }

    static EventDraft state(String type, String stateKey, UserId sender, JsonObject content) {
        return new EventDraft(type, Optional.of(stateKey), sender, content, Optional.empty());
    }

    static EventDraft message(String type, UserId sender, JsonObject content) {
        return new EventDraft(type, Optional.empty(), sender, content, Optional.empty());
    }

    static EventDraft redaction(UserId sender, String redactedEventId, JsonObject content) {
        return new EventDraft("m.room.redaction", Optional.empty(), sender, content, Optional.of(redactedEventId));
    }
}
