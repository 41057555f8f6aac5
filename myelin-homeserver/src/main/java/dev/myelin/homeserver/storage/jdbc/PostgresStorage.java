package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.StorageException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * PostgreSQL with the same shape as {@link SqliteStorage}: one writer connection (the repositories allocate some
 * stream positions as MAX + 1, which needs serialised writes) and a pool of read-only REPEATABLE READ readers.
 * The URL is {@code postgresql://USER:PASS@HOST:PORT/DB}.
 */
public final class PostgresStorage implements Storage {
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders;

    private PostgresStorage(Connection writer, List<Connection> readerConnections) {
        this.writer = writer;
        this.readers = new ArrayBlockingQueue<>(readerConnections.size(), false, readerConnections);
        this.allReaders = List.copyOf(readerConnections);
    }

    /** Connects and brings the schema up to date. */
    public static PostgresStorage open(URI url, int readerCount, long nowMillis) {
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
        Connection writer = null;
        var readerConnections = new ArrayList<Connection>();
        try {
            writer = DriverManager.getConnection(jdbcUrl, properties);
            Migrations.apply(writer, Dialect.POSTGRESQL, nowMillis);
            writer.setAutoCommit(false);
            for (int i = 0; i < readerCount; i++) {
                Connection reader = DriverManager.getConnection(jdbcUrl, properties);
                reader.setAutoCommit(false);
                reader.setReadOnly(true);
                reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                readerConnections.add(reader);
            }
            return new PostgresStorage(writer, readerConnections);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(writer);
            readerConnections.forEach(PostgresStorage::closeQuietly);
            if (e instanceof StorageException storageException) {
                throw storageException;
            }
            // The message names host and database only: never the password.
            throw new StorageException("cannot open PostgreSQL database " + url.getHost() + url.getPath() + ": "
                    + e.getMessage(), e);
        }
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
            return work.apply(new JdbcRepositories(connection, Dialect.POSTGRESQL));
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
                result = work.apply(new JdbcRepositories(writer, Dialect.POSTGRESQL));
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
            allReaders.forEach(PostgresStorage::closeQuietly);
        } finally {
            writeLock.unlock();
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // Unusable connection: the next use reports the real trouble.
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
