package dev.myelin.protocol.id;

import java.util.Objects;
import java.util.Optional;

/**
 * A room ID: {@code !opaque:server} in room versions up to 11, {@code !opaque} (a hash of the create event) from room
 * version 12. The opaque part is kept as given.
 */
public record RoomId(String value) {

    public RoomId {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith("!")) {
            throw new InvalidIdentifierException("room ID", value, "must start with '!'");
        }
        if (Grammar.utf8Length(value) > Grammar.MAX_ID_BYTES) {
            throw new InvalidIdentifierException("room ID", value, "longer than 255 bytes");
        }
        if (Grammar.hasControlOrSpace(value)) {
            throw new InvalidIdentifierException("room ID", value, "contains whitespace or controls");
        }
        int colon = Grammar.serverSeparator(value);
        if (colon == 1 || value.length() == 1) {
            throw new InvalidIdentifierException("room ID", value, "empty opaque part");
        }
        if (colon > 0) {
            try {
                new ServerName(value.substring(colon + 1));
            } catch (InvalidIdentifierException e) {
                throw new InvalidIdentifierException("room ID", value, "server part is not a server name");
            }
        }
    }

    public static RoomId parse(String raw) {
        return new RoomId(raw);
    }

    /** The server that created the room, absent for room-version-12 ids. */
    public Optional<ServerName> server() {
        int colon = Grammar.serverSeparator(value);
        return colon < 0 ? Optional.empty() : Optional.of(new ServerName(value.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return value;
    }
}
