package dev.myelin.homeserver.storage;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
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
    Optional<DelayedEvent> claimDue(long now);

    /** The earliest {@code send_ts} of any scheduled row. */
    OptionalLong nextSendTs();

    /** Moves a scheduled row to its new time; false if it is not scheduled. */
    boolean reschedule(String delayId, long sendTs);

    /**
     * Restarts a scheduled row in one statement (the hot path: MatrixRTC members restart every few seconds): its
     * send time becomes {@code now} plus its delay. Empty, changing nothing, unless the row is scheduled and, with
     * {@code owner}, belongs to that user.
     */
    OptionalLong restart(String delayId, Optional<UserId> owner, long now);

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
