package dev.myelin.homeserver.rooms;

import dev.myelin.protocol.id.UserId;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polling {@code /sync} requests when something a sync could return has been committed. A poke is global
 * (wakes every parked poll) or names the users it concerns (a room's members, to-device recipients, an account's
 * owner), so a message in one room does not make every parked poll of the server look again. A sync reads
 * {@link #version(UserId)} before it looks, and if it found nothing waits for that to change, so no commit between
 * looking and parking is missed.
 *
 * <p>Waiters park their virtual thread on a condition (JDK 25: no pinning), one per waiting user, under one lock.
 * Woken waiters re-take the lock one after another, which also makes a mass wake-up run roughly first come, first
 * served (measured: better median latency than waking them all to share the CPU at once).
 */
public final class StreamNotifier {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<UserId, Waiting> waitingByUser = new HashMap<>();
    /** Per-user counts of targeted pokes; only grow, so a user's version never repeats. */
    private final Map<UserId, Long> userVersions = new HashMap<>();
    /** Waiters for global pokes only ({@link #awaitChange(long, Duration)}). */
    private final Condition anyChange = lock.newCondition();
    private long version;
    private boolean closed;
    private int waiting;

    /** A user's parked polls: their condition and how many wait on it. */
    private static final class Waiting {
        final Condition changed;
        int count;

        Waiting(Condition changed) {
            this.changed = changed;
        }
    }

    /** Call after a commit that any sync could observe: wakes every parked poll. */
    public void poke() {
        lock.lock();
        try {
            version++;
            anyChange.signalAll();
            waitingByUser.values().forEach(w -> w.changed.signalAll());
        } finally {
            lock.unlock();
        }
    }

    /** Call after a commit that only these users' syncs report: wakes only their parked polls. */
    public void poke(Collection<UserId> users) {
        lock.lock();
        try {
            for (UserId user : users) {
                userVersions.merge(user, 1L, Long::sum);
                Waiting parked = waitingByUser.get(user);
                if (parked != null) {
                    parked.changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The global version: moves on every global poke. */
    public long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the global version differs from {@code seen}, the timeout passes, or the notifier closes. */
    public void awaitChange(long seen, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        waiting++;
        try {
            while (version == seen && remaining > 0 && !closed) {
                remaining = anyChange.awaitNanos(remaining);
            }
        } finally {
            waiting--;
            lock.unlock();
        }
    }

    /** The user's version: moves on every global poke and every poke naming the user. */
    public long version(UserId user) {
        lock.lock();
        try {
            return version + userVersions.getOrDefault(user, 0L);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the user's version differs from {@code seen}, the timeout passes, or the notifier closes. */
    public void awaitChange(UserId user, long seen, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        Waiting parked = waitingByUser.computeIfAbsent(user, u -> new Waiting(lock.newCondition()));
        parked.count++;
        waiting++;
        try {
            while (version + userVersions.getOrDefault(user, 0L) == seen && remaining > 0 && !closed) {
                remaining = parked.changed.awaitNanos(remaining);
            }
        } finally {
            waiting--;
            if (--parked.count == 0) {
                waitingByUser.remove(user);
            }
            lock.unlock();
        }
    }

    /** At shutdown: wakes every waiter and makes later waits return at once, so long-polls end promptly. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            anyChange.signalAll();
            waitingByUser.values().forEach(w -> w.changed.signalAll());
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
