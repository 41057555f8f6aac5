package dev.myelin.crypto.keyshare;

import java.util.Objects;
import java.util.Set;

/** What a key-sharing policy asks its driver to do. */
public sealed interface KeyShareAction {

    /**
     * Send {@code key} to each recipient (one Olm to-device message each); report failed recipients with
     * {@code sendId}.
     */
    record SendKey(long sendId, MediaKey key, Set<ParticipantId> recipients) implements KeyShareAction {
        public SendKey {
            Objects.requireNonNull(key, "key");
            recipients = Set.copyOf(recipients);
        }
    }

    /** Start encrypting own media with {@code key}. */
    record UseKey(MediaKey key) implements KeyShareAction {
        public UseKey {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Call {@code onTimer} at {@code at}. */
    record WakeAt(long at) implements KeyShareAction {
    }
}
