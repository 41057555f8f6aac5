package dev.myelin.authservice.delegation;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;

/** A virtual clock with its scheduler, and an executor whose tasks run only when the test says so. */
final class VirtualTime implements InstantSource, Scheduler, Executor {
    private record Task(Instant at, long order, Runnable run, boolean[] cancelled) {
    }

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long order;
    private final List<Task> tasks = new ArrayList<>();
    private final Queue<Runnable> pendingCalls = new ArrayDeque<>();

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Instant at, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(at, order++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized void execute(Runnable call) {
        pendingCalls.add(call);
    }

    synchronized int pendingCalls() {
        return pendingCalls.size();
    }

    synchronized long liveTimers() {
        return tasks.stream().filter(t -> !t.cancelled()[0]).count();
    }

    /** Runs the oldest pending call (its answer is posted back at once). */
    void runOneCall() {
        Runnable call;
        synchronized (this) {
            call = pendingCalls.remove();
        }
        call.run();
    }

    /** Runs pending calls, including those they cause, until none is left. */
    void runCalls() {
        while (pendingCalls() > 0) {
            runOneCall();
        }
    }

    /** Moves time forward, firing due timers in order and running the calls they cause. */
    void advance(Duration duration) {
        Instant until;
        synchronized (this) {
            until = now.plus(duration);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.at().isAfter(until))
                        .min(Comparator.comparing(Task::at).thenComparing(Task::order)).orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                tasks.remove(next);
                if (next.at().isAfter(now)) {
                    now = next.at();
                }
            }
            if (!next.cancelled()[0]) {
                next.run().run();
            }
            runCalls();
        }
    }
}
