package dev.myelin.protocol.rtc;

import dev.myelin.protocol.id.UserId;
import java.util.Objects;

/** Whether a notification rings on this device now, and if not, why. */
public enum RingStatus {
    RINGING, OWN_NOTIFICATION, SLOT_NOT_OPEN, EXPIRED, NOT_ADDRESSED, ALREADY_IN_CALL, DECLINED, NOT_CURRENT;

    /**
     * The facts a receiver checks beyond the event itself.
     *
     * @param self                  this device's user
     * @param slotOpen              the slot's state event exists and is open
     * @param senderMayNotifyRoom   the sender's power level allows {@code @room}
     * @param selfInSlot            this device already has a membership in the slot, or a sticky leave at or after the
     *                              notification
     * @param declined              a decline of this notification from {@code self} exists
     * @param currentSticky         for a sticky notification: it is the current event of its sticky key
     */
    public record Context(UserId self, boolean slotOpen, boolean senderMayNotifyRoom, boolean selfInSlot,
            boolean declined, boolean currentSticky) {
        public Context {
            Objects.requireNonNull(self, "self");
        }
    }

    /** Applies js-sdk 43's receiver checks, in its order. */
    public static RingStatus of(RingNotification notification, Context context, long now) {
        if (notification.sender().equals(context.self())) {
            return OWN_NOTIFICATION;
        }
        if (!context.currentSticky()) {
            return NOT_CURRENT;
        }
        if (!context.slotOpen()) {
            return SLOT_NOT_OPEN;
        }
        if (now >= notification.ringsUntil()) {
            return EXPIRED;
        }
        boolean addressed = notification.mentionedUsers().contains(context.self())
                || (notification.mentionsRoom() && context.senderMayNotifyRoom());
        if (!addressed) {
            return NOT_ADDRESSED;
        }
        if (context.selfInSlot()) {
            return ALREADY_IN_CALL;
        }
        return context.declined() ? DECLINED : RINGING;
    }
}
