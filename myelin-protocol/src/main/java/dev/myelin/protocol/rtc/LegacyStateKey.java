package dev.myelin.protocol.rtc;

import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;

/**
 * The state key a legacy membership is sent under: {@code _userId_deviceId_application[slotIdPart]}. Receivers ignore
 * it, but senders must match js-sdk so that each device overwrites its own event and no other's.
 */
public final class LegacyStateKey {
    private LegacyStateKey() {
    }

    /**
     * @param roomVersion the room's version: the leading '_' is left out in rooms whose version enforces owned state
     *                    keys ({@code org.matrix.msc3757.*}, {@code org.matrix.msc3779.*})
     */
    public static String of(UserId user, DeviceId device, SlotId slot, String roomVersion) {
        boolean ownedStateKeys = roomVersion.startsWith("org.matrix.msc3757.")
                || roomVersion.startsWith("org.matrix.msc3779.");
        String idPart = slot.equals(SlotId.ROOM_CALL) ? "" : slot.id();
        return (ownedStateKeys ? "" : "_") + user + "_" + device + "_" + slot.application() + idPart;
    }
}
