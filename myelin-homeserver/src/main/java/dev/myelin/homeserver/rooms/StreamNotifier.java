package dev.myelin.homeserver.rooms;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polling {@code /sync} requests when anything a sync could return has been committed (room events,
 * to-device messages). A sync reads {@link #version()} before it looks, and if it found nothing waits for a newer
 * version, so no commit between looking and parking is missed. Waiters park their virtual thread on a condition
 * (JDK 25: no pinning), so thousands can wait at little cost.
 */
public final class StreamNotifier {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;
    private boolean closed;
    private int waiting;

    /** Call after a commit that a sync could observe. */
    public void poke() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the version differs from {@code seen}, the timeout passes, or the notifier closes. */
    public void awaitChange(long seen, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        waiting++;
        try {
            while (version == seen && remaining > 0 && !closed) {
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            waiting--;
            lock.unlock();
        }
    }

    /** At shutdown: wakes every waiter and makes later waits return at once, so long-polls end promptly. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many long-polls are parked right now. */
    public int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
