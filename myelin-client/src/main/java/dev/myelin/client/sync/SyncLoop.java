package dev.myelin.client.sync;

import dev.myelin.client.Session;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Long-polls {@code /sync} on one virtual thread and hands each response to a listener, in order. Errors back off
 * exponentially (1 s doubling to 30 s, or as long as a rate limit asks); an unknown or missing token ends the loop,
 * because retrying cannot help.
 */
public final class SyncLoop implements AutoCloseable {
    /** Receives responses and the loop's end. Called on the loop's thread, one call at a time. */
    public interface Listener {
        void onSync(JsonObject response);

        /** The loop stopped for good because of {@code cause}; not called after {@link #close()}. */
        default void onFatal(RuntimeException cause) {
        }
    }

    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Session session;
    private final Duration pollTimeout;
    private final Optional<String> filter;
    private final Listener listener;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closing;
    private volatile Optional<String> since;

    private SyncLoop(Session session, Optional<String> since, Duration pollTimeout, Optional<String> filter,
            Listener listener) {
        this.session = Objects.requireNonNull(session, "session");
        this.since = since;
        this.pollTimeout = pollTimeout;
        this.filter = filter;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.thread = Thread.ofVirtual().name("myelin-sync-" + session.device()).unstarted(this::loop);
    }

    /** Starts syncing from {@code since} (empty: an initial sync). */
    public static SyncLoop start(Session session, Optional<String> since, Duration pollTimeout,
            Optional<String> filter, Listener listener) {
        var loop = new SyncLoop(session, since, pollTimeout, filter, listener);
        loop.thread.start();
        return loop;
    }

    /** The last {@code next_batch} handed to the listener. */
    public Optional<String> since() {
        return since;
    }

    private void loop() {
        Duration backoff = MIN_BACKOFF;
        try {
            while (!closing) {
                try {
                    JsonObject response = session.sync(since, since.isEmpty() ? Duration.ZERO : pollTimeout, filter);
                    listener.onSync(response);
                    since = Optional.of(response.string("next_batch"));
                    backoff = MIN_BACKOFF;
                } catch (MatrixException e) {
                    if (e.errcode().equals(ErrorCode.UNKNOWN_TOKEN) || e.errcode().equals(ErrorCode.MISSING_TOKEN)) {
                        if (!closing) {
                            listener.onFatal(e);
                        }
                        return;
                    }
                    Duration wait = e.extra().lenientInteger("retry_after_ms").stream()
                            .mapToObj(Duration::ofMillis).findFirst().orElse(backoff);
                    pause(wait);
                    backoff = next(backoff);
                } catch (UncheckedIOException e) {
                    pause(backoff);
                    backoff = next(backoff);
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    private void pause(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    private static Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /** Stops the loop and waits for it to end (an in-flight long-poll is interrupted). */
    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
