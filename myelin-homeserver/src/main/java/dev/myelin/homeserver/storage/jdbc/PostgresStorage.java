package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.StorageException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

/**
 * PostgreSQL with the same shape as SQLite: one writer connection (the repositories allocate some stream positions
 * as MAX + 1, which needs serialised writes) and a pool of read-only REPEATABLE READ readers, plus a few extra
 * writers for single-row updates (delayed-event restarts) that the row locks serialise.
 * The URL is {@code postgresql://USER:PASS@HOST:PORT/DB}.
 */
public final class PostgresStorage {
    /**
     * Extra writers for restarts, which commit in groups (one WAL flush for many): two, so that one group's
     * statements run while the other's commit waits for the disk. More would only add transactions that hold
     * several rows at once and could, restarting the same rows in another order, deadlock each other.
     */
    private static final int ROW_WRITERS = 2;

    private PostgresStorage() {
    }

    /** Connects and brings the schema up to date. */
    public static Storage open(URI url, int readerCount, long nowMillis) {
        String jdbcUrl = "jdbc:postgresql://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + url.getPath();
        var properties = new Properties();
        if (url.getRawUserInfo() != null) {
            String[] userInfo = url.getRawUserInfo().split(":", 2);
            properties.setProperty("user", URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
            if (userInfo.length == 2) {
                properties.setProperty("password", URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
            }
        }
        return JdbcStorage.open(Dialect.POSTGRESQL, readerCount,
                () -> {
                    Connection writer = DriverManager.getConnection(jdbcUrl, properties);
                    Migrations.apply(writer, Dialect.POSTGRESQL, nowMillis);
                    return writer;
                },
                () -> {
                    Connection reader = DriverManager.getConnection(jdbcUrl, properties);
                    reader.setAutoCommit(false);
                    reader.setReadOnly(true);
                    reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    return reader;
                },
                // READ COMMITTED (the default): an UPDATE that waited on a row lock sees the row as committed.
                ROW_WRITERS, () -> DriverManager.getConnection(jdbcUrl, properties),
                // The message names host and database only: never the password.
                e -> new StorageException("cannot open PostgreSQL database " + url.getHost() + url.getPath() + ": "
                        + e.getMessage(), e));
    }
}
