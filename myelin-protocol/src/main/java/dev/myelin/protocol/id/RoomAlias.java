package dev.myelin.protocol.id;

import java.util.Objects;

/** A room alias, {@code #localpart:server}: the localpart is any text without ':' or NUL. */
public record RoomAlias(String localpart, ServerName server) {

    public RoomAlias {
        Objects.requireNonNull(localpart, "localpart");
        Objects.requireNonNull(server, "server");
        String full = "#" + localpart + ":" + server;
        if (localpart.isEmpty()) {
            throw new InvalidIdentifierException("room alias", full, "empty localpart");
        }
        if (localpart.indexOf(':') >= 0 || localpart.indexOf('\0') >= 0) {
            throw new InvalidIdentifierException("room alias", full, "localpart contains ':' or NUL");
        }
        if (Grammar.hasControlOrSpace(localpart)) {
            throw new InvalidIdentifierException("room alias", full, "localpart contains whitespace or controls");
        }
        if (Grammar.utf8Length(full) > Grammar.MAX_ID_BYTES) {
            throw new InvalidIdentifierException("room alias", full, "longer than 255 bytes");
        }
    }

    public static RoomAlias parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        if (!raw.startsWith("#")) {
            throw new InvalidIdentifierException("room alias", raw, "must start with '#'");
        }
        int colon = Grammar.serverSeparator(raw);
        if (colon < 0) {
            throw new InvalidIdentifierException("room alias", raw, "missing ':server'");
        }
        ServerName server;
        try {
            server = new ServerName(raw.substring(colon + 1));
        } catch (InvalidIdentifierException e) {
            throw new InvalidIdentifierException("room alias", raw, "server part is not a server name");
        }
        return new RoomAlias(raw.substring(1, colon), server);
    }

    @Override
    public String toString() {
        return "#" + localpart + ":" + server;
    }
}
