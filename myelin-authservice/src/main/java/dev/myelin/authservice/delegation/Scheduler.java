package dev.myelin.authservice.delegation;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs a task at an instant of the injected clock; tests substitute a virtual clock. */
public interface Scheduler extends AutoCloseable {
    /** A scheduled task that may still be called off. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(Instant at, Runnable task);

    @Override
    void close();

    /**
     * One platform timer thread against the system's clock; tasks only post events to a job's mailbox, so they are
     * short and never block.
     */
    static Scheduler system(InstantSource clock) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "authservice-delegation-timer");
            thread.setDaemon(true);
            return thread;
        });
        return new Scheduler() {
            @Override
            public Cancellable schedule(Instant at, Runnable task) {
                Duration wait = Duration.between(clock.instant(), at);
                long nanos;
                try {
                    nanos = Math.max(0, wait.toNanos());
                } catch (ArithmeticException beyondLong) {
                    nanos = Long.MAX_VALUE;
                }
                ScheduledFuture<?> future = timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void close() {
                timer.shutdownNow();
            }
        };
    }
}
