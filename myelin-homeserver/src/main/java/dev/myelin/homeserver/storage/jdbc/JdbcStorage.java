package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.StorageException;
import java.sql.Connection;
import java.util.Map;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Storage over JDBC, the same for every dialect: one writer connection behind a lock (writes are serialised; some
 * stream positions are allocated as MAX + 1), a fixed pool of reader connections that see committed snapshots and,
 * on PostgreSQL, a few extra writers for single-row updates that row locks serialise ({@link #writeOwnRows}).
 * The dialect classes only open the connections.
 */
final class JdbcStorage implements Storage {
    private final Connection writer;
    private final Dialect dialect;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The queue ordinary writers wait in before the write lock (see {@link #write}). */
    private final ReentrantLock entry = new ReentrantLock();
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders;
    /** Extra writers for {@link #writeOwnRows} (none on SQLite, which allows one writer at a time anyway). */
    private final BlockingQueue<Connection> rowWriters;
    private final List<Connection> allRowWriters;
    /** Work waiting for a row writer; see {@link #writeOwnRows}. */
    private final ConcurrentLinkedQueue<RowWork<?>> rowQueue = new ConcurrentLinkedQueue<>();
    /** At most this many works share a transaction (a caller waits for the whole batch). */
    private static final int ROW_BATCH = 64;
    /** One {@link Sql} (with its statement cache) per connection; fixed after construction, read concurrently. */
    private final Map<Connection, Sql> helpers;

    JdbcStorage(Connection writer, List<Connection> readerConnections, List<Connection> rowWriterConnections,
            Dialect dialect) {
        this.writer = writer;
        this.dialect = dialect;
        this.readers = new ArrayBlockingQueue<>(readerConnections.size(), false, readerConnections);
        var byConnection = new java.util.IdentityHashMap<Connection, Sql>();
        byConnection.put(writer, new Sql(writer));
        readerConnections.forEach(reader -> byConnection.put(reader, new Sql(reader)));
        rowWriterConnections.forEach(rowWriter -> byConnection.put(rowWriter, new Sql(rowWriter)));
        this.helpers = byConnection;
        this.allReaders = List.copyOf(readerConnections);
        this.allRowWriters = List.copyOf(rowWriterConnections);
        this.rowWriters = new ArrayBlockingQueue<>(Math.max(1, rowWriterConnections.size()), false,
                rowWriterConnections);
    }

    /**
     * Opens a writer with {@code openWriter} (which also migrates the schema) and {@code readerCount} readers; on any
     * failure closes what was opened and rethrows, a storage failure as it is and others through {@code failure}.
     */
    static JdbcStorage open(Dialect dialect, int readerCount, ConnectionOpener openWriter, ConnectionOpener openReader,
            Function<Exception, StorageException> failure) {
        return open(dialect, readerCount, openWriter, openReader, 0, openReader, failure);
    }

    /**
     * As above, plus {@code rowWriterCount} extra writers opened with {@code openRowWriter} for
     * {@link #writeOwnRows} (only where row locks serialise what runs there: PostgreSQL).
     */
    static JdbcStorage open(Dialect dialect, int readerCount, ConnectionOpener openWriter, ConnectionOpener openReader,
            int rowWriterCount, ConnectionOpener openRowWriter, Function<Exception, StorageException> failure) {
        if (readerCount < 1 || rowWriterCount < 0) {
            throw new IllegalArgumentException("readerCount must be positive and rowWriterCount not negative");
        }
        Connection writer = null;
        var readerConnections = new ArrayList<Connection>();
        var rowWriterConnections = new ArrayList<Connection>();
        try {
            writer = openWriter.open();
            writer.setAutoCommit(false);
            for (int i = 0; i < readerCount; i++) {
                readerConnections.add(openReader.open());
            }
            for (int i = 0; i < rowWriterCount; i++) {
                Connection rowWriter = openRowWriter.open();
                rowWriterConnections.add(rowWriter);
                rowWriter.setAutoCommit(false);
            }
            return new JdbcStorage(writer, readerConnections, rowWriterConnections, dialect);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(writer);
            readerConnections.forEach(JdbcStorage::closeQuietly);
            rowWriterConnections.forEach(JdbcStorage::closeQuietly);
            if (e instanceof StorageException storageException) {
                throw storageException;
            }
            throw failure.apply(e);
        }
    }

    /** Opens one configured connection. */
    @FunctionalInterface
    interface ConnectionOpener {
        Connection open() throws SQLException;
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
            return work.apply(new JdbcRepositories(helpers.get(connection), dialect));
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
        // Ordinary writers pass the entry lock one at a time, so at most one of them waits on the write lock and
        // an urgent writer, which goes straight to the write lock, waits for two transactions at most.
        entry.lock();
        try {
            writeLock.lock();
        } finally {
            entry.unlock();
        }
        return writeLocked(work);
    }

    @Override
    public <T> T writeUrgently(Function<Repositories, T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("nested write transaction");
        }
        writeLock.lock();
        return writeLocked(work);
    }

    /**
     * Group commit: each caller queues its work, then takes a row writer and runs everything queued (its own work
     * unless another caller took it first) in one transaction, one savepoint per work so that one failure leaves the
     * others in; so one WAL flush covers many restarts instead of one each. Returns once its own work committed.
     */
    @Override
    public <T> T writeOwnRows(Function<Repositories, T> work) {
        if (allRowWriters.isEmpty()) {
            return write(work);
        }
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("nested write transaction");
        }
        var task = new RowWork<>(work);
        rowQueue.add(task);
        while (!task.claimed) {
            Connection connection;
            try {
                connection = rowWriters.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (rowQueue.remove(task)) {
                    throw new StorageException("interrupted waiting for a database connection", e);
                }
                break;
            }
            try {
                commitQueued(connection);
            } finally {
                rowWriters.add(connection);
            }
        }
        try {
            return task.result.join();
        } catch (CompletionException e) {
            // The work's own exception (an HTTP error for the caller, say), thrown on the thread that ran it.
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Runs what is queued for {@link #writeOwnRows} (up to a batch) in one transaction on {@code connection}. */
    private void commitQueued(Connection connection) {
        var batch = new ArrayList<RowWork<?>>();
        RowWork<?> next;
        while (batch.size() < ROW_BATCH && (next = rowQueue.poll()) != null) {
            next.claimed = true;
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        var repositories = new JdbcRepositories(helpers.get(connection), dialect);
        try {
            for (RowWork<?> queued : batch) {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    queued.run(repositories);
                    connection.releaseSavepoint(savepoint);
                } catch (RuntimeException | Error e) {
                    connection.rollback(savepoint);
                    queued.failure = e;
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection);
            var failure = new StorageException("commit failed", e);
            batch.forEach(queued -> queued.result.completeExceptionally(
                    queued.failure != null ? queued.failure : failure));
            return;
        }
        batch.forEach(RowWork::complete);
    }

    /** One caller's work for {@link #writeOwnRows}, its outcome once committed. */
    private static final class RowWork<T> {
        private final Function<Repositories, T> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        /** Set when a batch takes it from the queue. */
        private volatile boolean claimed;
        private T value;
        private Throwable failure;

        RowWork(Function<Repositories, T> work) {
            this.work = work;
        }

        void run(Repositories repositories) {
            value = work.apply(repositories);
        }

        void complete() {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        }
    }

    /** Runs and commits {@code work} with the write lock held, and releases it. */
    private <T> T writeLocked(Function<Repositories, T> work) {
        try {
            return commitWork(writer, work);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} in a transaction on {@code connection} and commits it; rolls back on any failure. */
    private <T> T commitWork(Connection connection, Function<Repositories, T> work) {
        T result;
        try {
            result = work.apply(new JdbcRepositories(helpers.get(connection), dialect));
        } catch (RuntimeException | Error e) {
            rollbackQuietly(connection);
            throw e;
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw new StorageException("commit failed", e);
        }
        return result;
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closeQuietly(writer);
            allReaders.forEach(JdbcStorage::closeQuietly);
            allRowWriters.forEach(JdbcStorage::closeQuietly);
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
