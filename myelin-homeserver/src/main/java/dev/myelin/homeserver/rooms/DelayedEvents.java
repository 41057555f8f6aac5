package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.DelayedEventLimits;
import dev.myelin.homeserver.storage.DelayedEvent;
import dev.myelin.homeserver.storage.DelayedEvent.Status;
import dev.myelin.homeserver.storage.DelayedEventRepository.Restart;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MSC4140 delayed events: scheduling, management and sending. Rows are durable; a due row is claimed and turned into
 * its event in one transaction, so after a crash it is either sent exactly once or still scheduled. Every change
 * re-arms the {@link DelayedEventScheduler}.
 */
public final class DelayedEvents {
    private static final Logger LOG = LoggerFactory.getLogger(DelayedEvents.class);
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final RoomService rooms;
    private final Storage storage;
    private final InstantSource clock;
    private final DelayedEventLimits limits;
    private final SecureRandom random;
    private final DelayTimer timer;
    private final RestartBatcher restarts;
    private volatile LongConsumer onChange = sendTs -> { };
    /** Due rows claimed and sent per transaction. */
    private static final int SEND_BATCH = 16;
    /** Finalised rows are kept for days: looking for expired ones once a minute is plenty. */
    private static final long PURGE_EVERY_MS = 60_000;
    /** Only the scheduler thread touches it. */
    private long lastPurge = Long.MIN_VALUE / 2;

    public DelayedEvents(RoomService rooms, Storage storage, InstantSource clock, DelayedEventLimits limits,
            SecureRandom random) {
        this.rooms = rooms;
        this.storage = storage;
        this.clock = clock;
        this.limits = limits;
        this.random = random;
        this.timer = new DelayTimer(clock);
        this.restarts = new RestartBatcher(storage, clock);
    }

    public DelayedEventLimits limits() {
        return limits;
    }

    /**
     * Called with the new send time of every row scheduled or restarted: the scheduler wakes up only if that is
     * earlier than what it waits for. Rows leaving the schedule (cancelled, sent) need no call: at worst the
     * scheduler wakes once for nothing and re-reads the earliest time.
     */
    void onChange(LongConsumer listener) {
        this.onChange = listener;
    }

    long now() {
        return clock.millis();
    }

    /** What {@code ?org.matrix.msc4140.delay=} asks for, validated: a non-negative integer within the maximum. */
    long parseDelay(String raw) {
        long delay;
        try {
            delay = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("org.matrix.msc4140.delay must be an integer");
        }
        return checkDelay(delay);
    }

    /** A delay in milliseconds, validated: non-negative and within the maximum. */
    long checkDelay(long delay) {
        if (delay < 0) {
            throw MatrixException.invalidParam("org.matrix.msc4140.delay must not be negative");
        }
        if (delay > limits.maxDelayMs()) {
            // The shape js-sdk adapts its delay to (Synapse up to 1.156).
            throw new MatrixException(400, ErrorCode.UNKNOWN, "The requested delay (" + delay
                    + "ms) exceeds the allowed maximum (" + limits.maxDelayMs() + "ms)", JsonObject.builder()
                    .put("org.matrix.msc4140.errcode", "M_MAX_DELAY_EXCEEDED")
                    .put("org.matrix.msc4140.max_delay", limits.maxDelayMs()).build());
        }
        return delay;
    }

    /**
     * Schedules an event; returns its delay id. With a transaction id a repeat returns the first delay id, checked
     * before the content is read (a retried PUT may differ or carry none).
     */
    String schedule(UserId user, DeviceId device, Optional<String> txnId, RoomId roomId, String type,
            Optional<String> stateKey, long delayMs, Optional<Long> stickyDurationMs, Supplier<JsonObject> content) {
        if (txnId.isPresent()) {
            Optional<DelayedEvent> earlier = storage.read(r -> r.delayedEvents().findByTxn(user, device, txnId.get()));
            if (earlier.isPresent()) {
                return earlier.get().delayId();
            }
        }
        rooms.acquireMessageToken(user);
        JsonObject body = content.get();
        long[] scheduledAt = {Long.MAX_VALUE};
        String delayId = storage.write(r -> {
            if (txnId.isPresent()) {
                Optional<DelayedEvent> raced = r.delayedEvents().findByTxn(user, device, txnId.get());
                if (raced.isPresent()) {
                    return raced.get().delayId();
                }
            }
            if (r.rooms().find(roomId).isEmpty()) {
                throw MatrixException.notFound("Unknown room " + roomId);
            }
            long now = clock.millis();
            requireUnderCap(r.delayedEvents().scheduledSendTimes(user), now);
            scheduledAt[0] = now + delayMs;
            String id = "syd_" + randomLetters(20);
            r.delayedEvents().insert(DelayedEvent.scheduled(id, user, device, txnId, roomId, type, stateKey, body,
                    delayMs, now + delayMs).withSticky(stickyDurationMs));
            return id;
        });
        onChange.accept(scheduledAt[0]);
        return delayId;
    }

    /** The delay id a transaction id already scheduled, if any. */
    Optional<String> scheduledByTxn(UserId user, DeviceId device, String txnId) {
        return storage.read(r -> r.delayedEvents().findByTxn(user, device, txnId)).map(DelayedEvent::delayId);
    }

    private void requireUnderCap(List<Long> scheduled, long now) {
        int count = scheduled.size();
        if (count < limits.maxPerUser()) {
            return;
        }
        // Room frees up when the (count - cap + 1)-th earliest fires.
        long retryAfter = scheduled.get(count - limits.maxPerUser()) - now;
        String message = "The maximum number of delayed events has been reached.";
        if (retryAfter > 0) {
            throw new MatrixException(429, ErrorCode.LIMIT_EXCEEDED, message,
                    JsonObject.builder().put("retry_after_ms", retryAfter).build());
        }
        throw new MatrixException(429, ErrorCode.LIMIT_EXCEEDED, message);
    }

    /**
     * Cancels a scheduled event. {@code caller}: when the caller authenticated, only its owner may. Cancelling an
     * already cancelled one again succeeds (MSC4140: repeats are idempotent); a sent or failed one conflicts.
     */
    void cancel(String delayId, Optional<UserId> caller) {
        storage.write(r -> {
            if (finishedAs(r.delayedEvents().find(delayId), caller, Status.CANCELLED)) {
                return false;
            }
            return r.delayedEvents().finalise(delayId, Status.CANCELLED, clock.millis(), Optional.empty(),
                    Optional.empty());
        });
    }

    /**
     * Starts the delay again from now; a finished event conflicts (there is nothing left to restart). Concurrent
     * restarts share a transaction ({@link RestartBatcher}).
     */
    void restart(String delayId, Optional<UserId> caller) {
        OptionalLong sendTs = restarts.restart(new Restart(delayId, caller));
        if (sendTs.isEmpty()) {
            // Not restarted: say why (unknown, someone else's, or finished).
            storage.read(r -> finishedAs(r.delayedEvents().find(delayId), caller, null));
            throw new IllegalStateException("scheduled delayed event " + delayId + " was not restarted");
        }
        onChange.accept(sendTs.getAsLong());
    }

    /**
     * Sends it now ({@code origin_server_ts} = now). A failure is the send's error and, as MSC4140 says, leaves the
     * event scheduled (the transaction rolls back): it still goes out, or fails for good, when its delay runs out.
     * Sending an already sent one again succeeds; a cancelled or failed one conflicts.
     */
    void sendNow(String delayId, Optional<UserId> caller) {
        boolean sent = storage.write(r -> {
            Optional<DelayedEvent> found = r.delayedEvents().find(delayId);
            if (finishedAs(found, caller, Status.SENT)) {
                return false;
            }
            long now = clock.millis();
            StoredEvent event = rooms.appendDelayed(r, withSendTs(found.orElseThrow(), now));
            r.delayedEvents().finalise(delayId, Status.SENT, now, Optional.of(event.eventId()), Optional.empty());
            return true;
        });
        if (sent) {
            rooms.eventsAppended();
        }
    }

    List<DelayedEvent> list(UserId user, boolean finalised) {
        return storage.read(r -> {
            if (!finalised) {
                return r.delayedEvents().listForUser(user, Status.SCHEDULED);
            }
            return java.util.stream.Stream.of(Status.SENT, Status.CANCELLED, Status.FAILED)
                    .flatMap(s -> r.delayedEvents().listForUser(user, s).stream())
                    .sorted(java.util.Comparator.comparing(e -> e.finalisedTs().orElse(0L))).toList();
        });
    }

    /** One of the caller's delayed events, scheduled or finalised. */
    Optional<DelayedEvent> lookup(String delayId, UserId caller) {
        return storage.read(r -> r.delayedEvents().find(delayId)).filter(e -> e.userId().equals(caller));
    }

    /**
     * Sends every due row, earliest first, claimed and sent inside the same transaction (a few per transaction,
     * claimed in one statement, so the writer lock is taken once for a burst), then now and then forgets
     * finalised rows past retention; returns what the timer should do next.
     */
    DelayTimer.Decision tick() {
        int sent = 0;
        Batch batch;
        do {
            long now = clock.millis();
            batch = storage.writeUrgently(r -> {
                List<DelayedEvent> due = r.delayedEvents().claimDue(now, SEND_BATCH);
                due.forEach(row -> sendClaimed(r, row));
                // A full batch: more may be due, claim again. Else read the next time here too: a reader connection
                // may be queued for behind requests.
                return new Batch(due.size(), due.size() == SEND_BATCH ? OptionalLong.empty()
                        : r.delayedEvents().nextSendTs());
            });
            sent += batch.sent();
        } while (batch.sent() == SEND_BATCH);
        if (sent > 0) {
            rooms.eventsAppended();
        }
        long now = clock.millis();
        if (now - lastPurge >= PURGE_EVERY_MS) {
            lastPurge = now;
            // Urgent too: queued behind requests, the scheduler thread would stall the next sends.
            storage.writeUrgently(r -> r.delayedEvents().purgeFinalisedBefore(now - limits.retentionMs()));
        }
        return timer.decide(batch.next());
    }

    /** What one claiming transaction sent, and (when it ran out of due rows) the next scheduled time. */
    private record Batch(int sent, OptionalLong next) {
    }

    /** Inside the claiming transaction: append the event and finalise the row, or record why it failed. */
    private Optional<MatrixException> sendClaimed(dev.myelin.homeserver.storage.Repositories r, DelayedEvent row) {
        long now = clock.millis();
        try {
            StoredEvent event = rooms.appendDelayed(r, row);
            r.delayedEvents().finalise(row.delayId(), Status.SENT, now, Optional.of(event.eventId()),
                    Optional.empty());
            return Optional.empty();
        } catch (MatrixException e) {
            LOG.info("delayed event {} of {} failed to send: {}", row.delayId(), row.userId(), e.getMessage());
            r.delayedEvents().finalise(row.delayId(), Status.FAILED, now, Optional.empty(), Optional.of(e.toJson()));
            return Optional.of(e);
        }
    }

    /**
     * Checks an action on {@code found} may go ahead: the row exists (else 404) and belongs to the caller if one
     * authenticated (else 403). Returns false while it is still scheduled (act on it), true if it already finished
     * as {@code repeated} (the same action again: nothing to do, as MSC4140 says), and throws a 404
     * {@code M_NOT_FOUND} if it finished otherwise. MSC4140 asks for a 409 there, but the peers that act on these
     * answers know only the 404: lk-jwt-service stops restarting a delegated leave on a 404 alone (it retries
     * anything else), and matrix-js-sdk 43 reads {@code M_NOT_FOUND} as gone.
     */
    private static boolean finishedAs(Optional<DelayedEvent> found, Optional<UserId> caller, Status repeated) {
        DelayedEvent row = found.orElseThrow(() -> MatrixException.notFound("Delayed event not found"));
        if (caller.isPresent() && !caller.get().equals(row.userId())) {
            throw MatrixException.forbidden("Only the sender of a delayed event may manage it");
        }
        if (row.status() == Status.SCHEDULED) {
            return false;
        }
        if (row.status() == repeated) {
            return true;
        }
        throw MatrixException.notFound("Delayed event already " + row.status().value());
    }

    private static DelayedEvent withSendTs(DelayedEvent e, long sendTs) {
        return new DelayedEvent(e.delayId(), e.userId(), e.deviceId(), e.txnId(), e.roomId(), e.type(), e.stateKey(),
                e.content(), e.delayMs(), sendTs, e.status(), e.finalisedTs(), e.eventId(), e.error(),
                e.stickyDurationMs());
    }

    private String randomLetters(int length) {
        var out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return out.toString();
    }
}
