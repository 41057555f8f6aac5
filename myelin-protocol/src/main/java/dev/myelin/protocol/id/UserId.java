package dev.myelin.protocol.id;

import java.util.Objects;

/**
 * A user ID, {@code @localpart:server}. The constructor accepts historical localparts (any printable ASCII but ':'),
 * because ids minted under older rules still appear in events; {@link #create} applies today's rules to new ids.
 */
public record UserId(String localpart, ServerName server) {

    public UserId {
        Objects.requireNonNull(localpart, "localpart");
        Objects.requireNonNull(server, "server");
        String full = "@" + localpart + ":" + server;
        if (localpart.isEmpty()) {
            throw new InvalidIdentifierException("user ID", full, "empty localpart");
        }
        for (int i = 0; i < localpart.length(); i++) {
            if (!Grammar.isHistoricalUserIdChar(localpart.charAt(i))) {
                throw new InvalidIdentifierException("user ID", full, "localpart has a character outside printable ASCII, or ':'");
            }
        }
        if (Grammar.utf8Length(full) > Grammar.MAX_ID_BYTES) {
            throw new InvalidIdentifierException("user ID", full, "longer than 255 bytes");
        }
    }

    /** Reads a user ID as found in events and requests, historical forms included. */
    public static UserId parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        if (!raw.startsWith("@")) {
            throw new InvalidIdentifierException("user ID", raw, "must start with '@'");
        }
        int colon = Grammar.serverSeparator(raw);
        if (colon < 0) {
            throw new InvalidIdentifierException("user ID", raw, "missing ':server'");
        }
        ServerName server;
        try {
            server = new ServerName(raw.substring(colon + 1));
        } catch (InvalidIdentifierException e) {
            throw new InvalidIdentifierException("user ID", raw, "server part is not a server name");
        }
        return new UserId(raw.substring(1, colon), server);
    }

    /** Mints a new user ID: the localpart must use today's characters (a-z 0-9 . _ = - / +). */
    public static UserId create(String localpart, ServerName server) {
        var id = new UserId(localpart, server);
        if (id.isHistorical()) {
            throw new InvalidIdentifierException("user ID", id.toString(),
                    "localpart may only contain a-z, 0-9 and . _ = - / +");
        }
        return id;
    }

    /** Reads a user ID and requires today's grammar (for registration and other new ids). */
    public static UserId parseStrict(String raw) {
        var id = parse(raw);
        return create(id.localpart(), id.server());
    }

    /** Whether the localpart uses characters that only the historical grammar allows. */
    public boolean isHistorical() {
        for (int i = 0; i < localpart.length(); i++) {
            if (!Grammar.isUserIdChar(localpart.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "@" + localpart + ":" + server;
    }
}
