package dev.myelin.homeserver.rooms;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.UserId;
import java.util.Objects;
import java.util.Optional;

/** An event a local user asks to send, before it has prev/auth events, hashes, signature and id. */
record EventDraft(String type, Optional<String> stateKey, UserId sender, JsonObject content) {
    EventDraft {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stateKey, "stateKey");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(content, "content");
    }

    static EventDraft state(String type, String stateKey, UserId sender, JsonObject content) {
        return new EventDraft(type, Optional.of(stateKey), sender, content);
    }

    static EventDraft message(String type, UserId sender, JsonObject content) {
        return new EventDraft(type, Optional.empty(), sender, content);
    }
}
