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

    @Override
    void close();
}
