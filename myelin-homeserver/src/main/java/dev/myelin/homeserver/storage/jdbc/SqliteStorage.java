package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.sqlite.SQLiteConfig;

/**
 * SQLite in WAL mode: one writer connection (SQLite allows one writer at a time anyway; a lock makes callers queue
 * instead of spinning on SQLITE_BUSY) and a few reader connections that see committed snapshots. JNI calls hold the
 * carrier thread, so the reader count, not the number of virtual threads, bounds database concurrency
 * (java-stack.md trap 4). {@code synchronous=NORMAL} in WAL mode keeps commits durable across a process crash.
 */
public final class SqliteStorage implements Storage {
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();

    private SqliteStorage(Connection writer, List<Connection> readerConnections) {
        this.writer = writer;
        this.readers = new ArrayBlockingQueue<>(readerConnections.size(), false, readerConnections);
        this.allReaders.addAll(readerConnections);
    }

    /** Opens (creating if needed) the database file and brings its schema up to date. */
    public static SqliteStorage open(Path file, int readerCount, long nowMillis) {
        if (readerCount < 1) {
            throw new IllegalArgumentException("readerCount must be positive");
        }
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Connection writer = null;
        var readerConnections = new ArrayList<Connection>();
        try {
            writer = config(false).createConnection(url);
            Migrations.apply(writer, Dialect.SQLITE, nowMillis);
            writer.setAutoCommit(false);
            for (int i = 0; i < readerCount; i++) {
                Connection reader = config(true).createConnection(url);
                try (var statement = reader.createStatement()) {
                    statement.execute("PRAGMA query_only = 1");
                }
                reader.setAutoCommit(false);
                readerConnections.add(reader);
            }
            return new SqliteStorage(writer, readerConnections);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(writer);
            readerConnections.forEach(SqliteStorage::closeQuietly);
            if (e instanceof StorageException storageException) {
                throw storageException;
            }
            throw new StorageException("cannot open SQLite database " + file, e);
        }
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

    @Override
    public <T> T read(Function<Repositories, T> work) {
        Connection connection;
        try {
            connection = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted waiting for a database connection", e);
        }
        try {
            return work.apply(new JdbcRepositories(connection));
        } finally {
            rollbackQuietly(connection);
            readers.add(connection);
        }
    }

    @Override
    public <T> T write(Function<Repositories, T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("nested write transaction");
        }
        writeLock.lock();
        try {
            T result;
            try {
                result = work.apply(new JdbcRepositories(writer));
            } catch (RuntimeException | Error e) {
                rollbackQuietly(writer);
                throw e;
            }
            try {
                writer.commit();
            } catch (SQLException e) {
                rollbackQuietly(writer);
                throw new StorageException("commit failed", e);
            }
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closeQuietly(writer);
            allReaders.forEach(SqliteStorage::closeQuietly);
        } finally {
            writeLock.unlock();
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is unusable or had nothing to roll back; the next use reports real trouble.
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing at shutdown: nothing left to do with the error.
        }
    }
}
