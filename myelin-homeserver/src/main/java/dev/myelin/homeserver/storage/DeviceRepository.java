package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Optional;

public interface DeviceRepository {
    /** Creates the device, or keeps the existing one (a login naming a known device reuses it); true if created. */
    boolean createIfAbsent(DeviceRecord device);

    Optional<DeviceRecord> find(UserId userId, DeviceId deviceId);

    List<DeviceRecord> list(UserId userId);

    /** Renames a device; false if it does not exist. */
    boolean rename(UserId userId, DeviceId deviceId, String displayName);

    /** Deletes the device and its access tokens; false if there was none. */
    boolean delete(UserId userId, DeviceId deviceId);
}
