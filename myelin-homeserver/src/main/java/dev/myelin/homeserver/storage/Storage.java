package dev.myelin.homeserver.storage;

import java.util.function.Function;

/**
 * The homeserver's durable state, behind one set of repository interfaces whatever the database. Work runs inside a
 * transaction: {@link #write} has committed when it returns (so a 200 built from it is durable), and an exception
 * thrown by the work rolls everything back and propagates unchanged.
 */
public interface Storage extends AutoCloseable {

    /** Runs read-only work on a consistent snapshot. */
    <T> T read(Function<Repositories, T> work);

    /** Runs work in a write transaction and commits it. Writes are serialised; do not nest calls. */
    <T> T write(Function<Repositories, T> work);

    /**
     * As {@link #write}, but ahead of writers already waiting: for the little work that must happen on time
     * (sending due delayed events) while request handlers queue up for the writer.
     */
    default <T> T writeUrgently(Function<Repositories, T> work) {
        return write(work);
    }

    /**
     * As {@link #write}, for work that changes only rows it locks itself and allocates no stream position (restarting
     * one delayed event: one {@code UPDATE … RETURNING} on one row). Where the database's row locks serialise such
     * writes (PostgreSQL) it runs on one of a few extra connections beside the serialised writer, so that its
     * commit's wait for the disk overlaps the others'; it has committed when it returns, like {@link #write}.
     */
    default <T> T writeOwnRows(Function<Repositories, T> work) {
        return write(work);
    }

    @Override
    void close();
}
