package dev.myelin.homeserver.rooms;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that sends delayed events on time: it sends what is due, then sleeps exactly until the
 * earliest scheduled time, or until a change re-arms it. Started once at server start, so overdue events left by a
 * crash go out at once, earliest first. Only a change that brings the earliest time forward wakes it: restarts (the
 * bulk of the traffic, MatrixRTC members refresh their delayed leaves every few seconds) only push a time later,
 * and then the thread wakes at the time it armed, finds nothing due and re-arms at the new earliest.
 */
public final class DelayedEventScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DelayedEventScheduler.class);
    /** After a storage failure, try again this much later rather than spin. */
    private static final long RETRY_AFTER_FAILURE_MS = 1_000;

    private final DelayedEvents delayed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long changes;
    /** The send time the thread waits for; {@code Long.MIN_VALUE} while it decides (every change counts then). */
    private long armedAt = Long.MIN_VALUE;
    private volatile boolean closed;
    private final Thread thread;

    private DelayedEventScheduler(DelayedEvents delayed) {
        this.delayed = delayed;
        // A platform thread: its wake-up must not wait for a carrier of the virtual threads serving requests
        // (the few carriers are often pinned in SQLite's native calls under load).
        this.thread = Thread.ofPlatform().name("myelin-delayed-events").daemon().priority(Thread.MAX_PRIORITY)
                .unstarted(this::run);
    }

    public static DelayedEventScheduler start(DelayedEvents delayed) {
        var scheduler = new DelayedEventScheduler(delayed);
        delayed.onChange(scheduler::rearm);
        scheduler.thread.start();
        return scheduler;
    }

    /** A row is now due at {@code sendTs}: decide again if that is earlier than what the thread waits for. */
    void rearm(long sendTs) {
        lock.lock();
        try {
            if (sendTs < armedAt) {
                changes++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (!closed) {
            long seen;
            lock.lock();
            try {
                seen = changes;
                armedAt = Long.MIN_VALUE;
            } finally {
                lock.unlock();
            }
            long waitMs;
            try {
                waitMs = switch (delayed.tick()) {
                    case DelayTimer.FireNow ignored -> 0;
                    case DelayTimer.Wait wait -> wait.millis();
                    case DelayTimer.Idle ignored -> Long.MAX_VALUE;
                };
            } catch (RuntimeException e) {
                LOG.error("sending delayed events failed; retrying", e);
                waitMs = RETRY_AFTER_FAILURE_MS;
            }
            if (!awaitChange(seen, waitMs, waitMs == Long.MAX_VALUE ? Long.MAX_VALUE : delayed.now() + waitMs)) {
                return;
            }
        }
    }

    /** Waits up to {@code waitMs} unless a change arrived since {@code seen}; false if interrupted. */
    private boolean awaitChange(long seen, long waitMs, long until) {
        lock.lock();
        try {
            armedAt = until;
            long remainingNs = waitMs == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(waitMs);
            while (changes == seen && remainingNs > 0 && !closed) {
                remainingNs = remainingNs == Long.MAX_VALUE ? waitForever() : changed.awaitNanos(remainingNs);
            }
            return !closed;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    private long waitForever() throws InterruptedException {
        changed.await();
        return Long.MAX_VALUE;
    }

    @Override
    public void close() {
        closed = true;
        rearm(Long.MIN_VALUE);
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
