package dev.myelin.homeserver.storage;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** MSC4140 delayed events: scheduled rows, claimed when due, kept a while once finalised. */
public interface DelayedEventRepository {
    void insert(DelayedEvent event);

    Optional<DelayedEvent> find(String delayId);

    /** The row a send with this transaction id created, if any. */
    Optional<DelayedEvent> findByTxn(UserId user, DeviceId device, String txnId);

    /** The user's rows in one status, earliest {@code send_ts} first. */
    List<DelayedEvent> listForUser(UserId user, DelayedEvent.Status status);

    /** {@code send_ts} of the user's scheduled rows, ascending. */
    List<Long> scheduledSendTimes(UserId user);

    /**
     * Locks and returns the earliest scheduled row due at {@code now}, if any. On PostgreSQL rows locked by another
     * server process are skipped ({@code SKIP LOCKED}); the caller finalises the row in the same transaction.
     */
    default Optional<DelayedEvent> claimDue(long now) {
        return claimDue(now, 1).stream().findFirst();
    }

    /** As {@link #claimDue(long)}, up to {@code limit} rows in one statement, earliest first. */
    List<DelayedEvent> claimDue(long now, int limit);

    /** The earliest {@code send_ts} of any scheduled row. */
    OptionalLong nextSendTs();

    /** Moves a scheduled row to its new time; false if it is not scheduled. */
    boolean reschedule(String delayId, long sendTs);

    /**
     * Restarts one scheduled row: its send time becomes {@code now} plus its delay. Empty, changing nothing, unless
     * the row is scheduled and, with {@code owner}, belongs to that user. The same statements as {@link #restartAll}.
     */
    default OptionalLong restart(String delayId, Optional<UserId> owner, long now) {
        Restarted row = restartAll(List.of(new Restart(delayId, owner)), now).get(delayId);
        return row == null ? OptionalLong.empty() : OptionalLong.of(row.sendTs());
    }

    /** One restart asked for: the row, and with {@code owner} the user it must belong to. */
    record Restart(String delayId, Optional<UserId> owner) {
        public Restart {
            Objects.requireNonNull(delayId, "delayId");
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** A row {@link #restartAll} restarted: whose it is, and its new send time. */
    record Restarted(UserId owner, long sendTs) {
        public Restarted {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /**
     * {@link #restart} for many rows at once, in a fixed number of statements whatever their count (the restarts of
     * concurrent requests share one transaction). Restarts each scheduled row that at least one of its requests may
     * restart (no owner given, or the right one) and returns those by delay id; a row asked for only by others than
     * its owner, or not scheduled, is left out and unchanged. The caller checks each request's owner against the
     * result. A row asked for twice is restarted once.
     */
    Map<String, Restarted> restartAll(List<Restart> restarts, long now);

    /** Finalises a scheduled row; false if it is not scheduled (any more). */
    boolean finalise(String delayId, DelayedEvent.Status status, long finalisedTs, Optional<String> eventId,
            Optional<JsonObject> error);

    /**
     * Cancels other users' scheduled delayed state events for this key, as a new state event replaced it; returns
     * how many.
     */
    int cancelOthersForStateKey(RoomId room, String type, String stateKey, UserId sender, long now);

    /** Forgets finalised rows finalised before {@code before}. */
    int purgeFinalisedBefore(long before);
}
