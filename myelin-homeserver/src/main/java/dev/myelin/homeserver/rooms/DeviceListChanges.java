package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.protocol.id.UserId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whom a sync reports in {@code device_lists.changed}: users sharing a room with the syncing user whose devices or
 * device keys changed since the token, and users who newly share a room (the crypto layer must fetch their keys,
 * or new devices never receive room or media keys).
 */
final class DeviceListChanges {
    private DeviceListChanges() {
    }

    static List<UserId> changed(Repositories repositories, UserId user, long eventsSince, long deviceListsSince,
            long deviceListPosition) {
        Set<UserId> result = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        if (deviceListPosition > deviceListsSince) {
            Set<UserId> shared = new HashSet<>(repositories.events().sharedRoomMembers(user));
            shared.add(user);
            for (UserId changed : repositories.keys().deviceListChanges(deviceListsSince, deviceListPosition)) {
                if (shared.contains(changed)) {
                    result.add(changed);
                }
            }
        }
        if (eventsSince >= 0) {
            result.addAll(repositories.events().newlySharedMembers(user, eventsSince));
        }
        return List.copyOf(result);
    }
}
