package dev.myelin.crypto.keyshare;

import dev.myelin.protocol.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * A media key as it arrived by to-device message.
 *
 * @param sender          the to-device sender, as the homeserver vouches
 * @param olmSenderDevice the device whose Olm session decrypted the message; empty when it came in clear
 */
public record ReceivedCallKey(UserId sender, Optional<String> olmSenderDevice, CallKeyContent content) {
    public ReceivedCallKey {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(olmSenderDevice, "olmSenderDevice");
        Objects.requireNonNull(content, "content");
    }
}
