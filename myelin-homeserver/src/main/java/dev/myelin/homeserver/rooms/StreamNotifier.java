package dev.myelin.homeserver.rooms;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polling {@code /sync} requests when the event stream moves. Waiters park their virtual thread on a
 * condition (JDK 25: no pinning), so thousands can wait at little cost.
 */
public final class StreamNotifier {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private long position;
    private boolean closed;

    public StreamNotifier(long initialPosition) {
        this.position = initialPosition;
    }

    /** Records that everything up to {@code newPosition} is committed and wakes all waiters. */
    public void advance(long newPosition) {
        lock.lock();
        try {
            if (newPosition > position) {
                position = newPosition;
                advanced.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public long position() {
        lock.lock();
        try {
            return position;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the stream is past {@code since} or the timeout passes; returns the position then. */
    public long awaitAfter(long since, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (position <= since && remaining > 0 && !closed) {
                remaining = advanced.awaitNanos(remaining);
            }
            return position;
        } finally {
            lock.unlock();
        }
    }

    /** At shutdown: wakes every waiter and makes later waits return at once, so long-polls end promptly. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            advanced.signalAll();
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
