package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import org.sqlite.SQLiteConfig;

/**
 * SQLite in WAL mode: one writer connection (SQLite allows one writer at a time anyway; a lock makes callers queue
 * instead of spinning on SQLITE_BUSY) and a few reader connections that see committed snapshots. JNI calls hold the
 * carrier thread, so the reader count, not the number of virtual threads, bounds database concurrency
 * (java-stack.md trap 4). {@code synchronous=NORMAL} in WAL mode keeps commits durable across a process crash.
 */
public final class SqliteStorage {
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private SqliteStorage() {
    }

    /** Opens (creating if needed) the database file and brings its schema up to date. */
    public static Storage open(Path file, int readerCount, long nowMillis) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        return JdbcStorage.open(Dialect.SQLITE, readerCount,
                () -> {
                    Connection writer = config(false).createConnection(url);
                    Migrations.apply(writer, Dialect.SQLITE, nowMillis);
                    return writer;
                },
                () -> {
                    Connection reader = config(true).createConnection(url);
                    try (var statement = reader.createStatement()) {
                        statement.execute("PRAGMA query_only = 1");
                    }
                    reader.setAutoCommit(false);
                    return reader;
                },
                e -> new StorageException("cannot open SQLite database " + file, e));
    }

    private static SQLiteConfig config(boolean reader) {
        var config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        if (!reader) {
            // Take the write lock at BEGIN, so a transaction never fails half-way on another process's lock.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        return config;
    }
}
