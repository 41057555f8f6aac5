package dev.myelin.protocol.rtc;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.EventId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One device's membership of a MatrixRTC slot, normalised from whichever dialect carried it.
 *
 * @param createdTs     legacy: {@code created_ts} or the event's timestamp; sticky: the event's timestamp (it changes
 *                      on every re-send)
 * @param expiresAt     legacy only: the absolute local expiry; sticky memberships end by sticky expiry or a leave
 * @param transports    legacy: {@code foci_preferred}; sticky: {@code transports.published} (or {@code rtc_transports})
 * @param focusSelection legacy only: {@code focus_active.focus_selection}
 * @param stickyKey     sticky only: the key under which later events replace this one
 * @param content       the content as received, for change detection
 */
public record RtcMembership(
        MembershipDialect dialect,
        EventId eventId,
        UserId sender,
        String deviceId,
        String memberId,
        SlotId slot,
        String applicationType,
        Optional<String> callIntent,
        long createdTs,
        OptionalLong expiresAt,
        List<Transport> transports,
        Optional<String> focusSelection,
        Optional<String> stickyKey,
        JsonObject content) {

    public RtcMembership {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(applicationType, "applicationType");
        Objects.requireNonNull(callIntent, "callIntent");
        Objects.requireNonNull(expiresAt, "expiresAt");
        transports = List.copyOf(transports);
        Objects.requireNonNull(focusSelection, "focusSelection");
        Objects.requireNonNull(stickyKey, "stickyKey");
        Objects.requireNonNull(content, "content");
    }

    /** Whether a legacy membership has expired at {@code now}; sticky memberships never expire locally. */
    public boolean isExpiredAt(long now) {
        return expiresAt.isPresent() && expiresAt.getAsLong() <= now;
    }
}
