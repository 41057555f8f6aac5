package dev.myelin.homeserver.storage;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * An MSC4140 delayed event as stored.
 *
 * @param sendTs       when it fires (also its {@code origin_server_ts}); {@code sendTs - delayMs} is the last
 *                     (re)start
 * @param status       where it is in its life
 * @param finalisedTs  when it left {@link Status#SCHEDULED}
 * @param eventId      the event it became, once sent
 * @param error        for {@link Status#FAILED}: the Matrix error body the send produced
 * @param stickyDurationMs MSC4354 stickiness to give the event when it is sent
 */
public record DelayedEvent(String delayId, UserId userId, DeviceId deviceId, Optional<String> txnId, RoomId roomId,
        String type, Optional<String> stateKey, JsonObject content, long delayMs, long sendTs, Status status,
        Optional<Long> finalisedTs, Optional<String> eventId, Optional<JsonObject> error,
        Optional<Long> stickyDurationMs) {

    public enum Status {
        SCHEDULED("scheduled"), SENT("sent"), CANCELLED("cancelled"), FAILED("failed");

        private final String value;

        Status(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Status of(String value) {
            for (Status status : values()) {
                if (status.value.equals(value)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("unknown delayed event status " + value);
        }
    }

    public DelayedEvent {
        Objects.requireNonNull(delayId, "delayId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(txnId, "txnId");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stateKey, "stateKey");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finalisedTs, "finalisedTs");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(stickyDurationMs, "stickyDurationMs");
        if (delayMs < 0) {
            throw new IllegalArgumentException("delayMs must not be negative");
        }
    }

    /** A new scheduled row. */
    public static DelayedEvent scheduled(String delayId, UserId userId, DeviceId deviceId, Optional<String> txnId,
            RoomId roomId, String type, Optional<String> stateKey, JsonObject content, long delayMs, long sendTs) {
        return new DelayedEvent(delayId, userId, deviceId, txnId, roomId, type, stateKey, content, delayMs, sendTs,
                Status.SCHEDULED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same row, to be sent sticky (MSC4354) for {@code durationMs} if present. */
    public DelayedEvent withSticky(Optional<Long> durationMs) {
        return new DelayedEvent(delayId, userId, deviceId, txnId, roomId, type, stateKey, content, delayMs, sendTs,
                status, finalisedTs, eventId, error, durationMs);
    }
}
