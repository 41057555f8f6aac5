package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.DelayedEventRepository.Restart;
import dev.myelin.homeserver.storage.DelayedEventRepository.Restarted;
import dev.myelin.homeserver.storage.Storage;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Restarts of delayed events from concurrent requests, committed together. MatrixRTC members restart their delayed
 * leaves every few seconds, so a busy server gets thousands a second; one transaction each would keep the writer
 * (SQLite's only one) busy and make the scheduler's sends wait behind them. Each caller queues its restart and then
 * either finds it taken by a batch already running or runs a batch itself: everything queued, up to {@link #BATCH},
 * in one transaction of two statements. A caller returns once its own restart committed.
 */
final class RestartBatcher {
    /** Restarts per transaction at most; a batch's callers wait for all of it. */
    static final int BATCH = 256;
    /** Batches committing at once: one fills while the other waits for its commit. */
    private static final int COMMITTERS = 2;

    private final Storage storage;
    private final InstantSource clock;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Semaphore committers = new Semaphore(COMMITTERS);

    RestartBatcher(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * Restarts the row: its new send time, or empty if it was not restarted (not scheduled, or not the owner's).
     * A storage failure is thrown to every caller of the failed batch.
     */
    OptionalLong restart(Restart restart) {
        var pending = new Pending(restart);
        queue.add(pending);
        while (!pending.claimed) {
            committers.acquireUninterruptibly();
            try {
                commitQueued();
            } finally {
                committers.release();
            }
        }
        try {
            return pending.result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void commitQueued() {
        var batch = new ArrayList<Pending>();
        Pending next;
        while (batch.size() < BATCH && (next = queue.poll()) != null) {
            next.claimed = true;
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        Map<String, Restarted> restarted;
        try {
            restarted = storage.writeOwnRows(r -> r.delayedEvents().restartAll(
                    batch.stream().map(p -> p.restart).toList(), clock.millis()));
        } catch (RuntimeException | Error e) {
            // Every caller of the batch hears of it (none may wait forever); an Error still goes up this thread.
            batch.forEach(p -> p.result.completeExceptionally(e));
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        for (Pending p : batch) {
            Restarted row = restarted.get(p.restart.delayId());
            boolean mine = row != null && p.restart.owner().map(row.owner()::equals).orElse(true);
            p.result.complete(mine ? OptionalLong.of(row.sendTs()) : OptionalLong.empty());
        }
    }

    /** One caller's restart and, once its batch committed, the outcome. */
    private static final class Pending {
        private final Restart restart;
        private final CompletableFuture<OptionalLong> result = new CompletableFuture<>();
        /** Set when a batch takes it from the queue. */
        private volatile boolean claimed;

        Pending(Restart restart) {
            this.restart = restart;
        }
    }
}
