package dev.myelin.client.e2ee;

import dev.myelin.client.Session;
import dev.myelin.client.http.MatrixHttp;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.megolm.InboundRoomKeys;
import dev.myelin.crypto.megolm.MegolmRoomEvents;
import dev.myelin.crypto.megolm.OutboundRoomKey;
import dev.myelin.crypto.olm.DecryptedToDevice;
import dev.myelin.crypto.olm.DeviceIdentity;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Megolm for one encrypted room, as a Matrix client does it: room events this device sends are encrypted with its own
 * session, which is shared over Olm ({@code m.room_key}) with every device of every joined member before use and
 * replaced when a device that had it is gone; sessions that others share with this device decrypt their events.
 * Thread-safe: sending is serialised, receiving state is guarded.
 */
public final class RoomEncryption {
    public static final String ENCRYPTION_STATE = "m.room.encryption";
    static final String ROOM_KEY = "m.room_key";

    private final Session session;
    private final E2eeDevice device;
    private final RoomId room;
    private final InstantSource clock;
    private final OutboundRoomKey outbound;
    private static final int MAX_INBOUND = 1_000;
    private final Object receiving = new Object();
    /** The m.room_key of the session at the index of the last event sent, and the devices that can read it. */
    private Optional<JsonObject> lastEventKey = Optional.empty();
    private final Set<DeviceIdentity> lastEventReaders = new HashSet<>();
    private InboundRoomKeys inbound = new InboundRoomKeys(MAX_INBOUND);

    RoomEncryption(Session session, E2eeDevice device, RoomId room, OutboundRoomKey.Rotation rotation,
            InstantSource clock, RandomGenerator random) {
        this.session = Objects.requireNonNull(session, "session");
        this.device = Objects.requireNonNull(device, "device");
        this.room = Objects.requireNonNull(room, "room");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outbound = new OutboundRoomKey(room.value(), rotation, random);
    }

    /** The room's encryption if its {@code m.room.encryption} state names Megolm; empty for an unencrypted room. */
    public static Optional<RoomEncryption> of(Session session, E2eeDevice device, RoomId room, InstantSource clock,
            RandomGenerator random) {
        JsonObject content;
        try {
            content = session.get("/_matrix/client/v3/rooms/" + MatrixHttp.encode(room.value()) + "/state/"
                    + ENCRYPTION_STATE + "/", Map.of());
        } catch (MatrixException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        if (!MegolmRoomEvents.ALGORITHM.equals(content.lenientString("algorithm").orElse(""))) {
            return Optional.empty();
        }
        return Optional.of(new RoomEncryption(session, device, room, OutboundRoomKey.Rotation.of(content), clock,
                random));
    }

    public RoomId room() {
        return room;
    }

    /**
     * Takes an Olm-decrypted to-device event: files it if it is an {@code m.room_key} for this room.
     *
     * @return whether it brought a session this room did not have
     */
    public boolean onToDevice(DecryptedToDevice event) {
        if (!ROOM_KEY.equals(event.type())
                || !room.value().equals(event.content().lenientString("room_id").orElse(""))) {
            return false;
        }
        synchronized (receiving) {
            return inbound.add(event.content(), event.sender());
        }
    }

    /** The sessions others shared, encrypted at rest under {@code key} (32 bytes). */
    public JsonObject saveRoomKeys(SecretBytes key) {
        synchronized (receiving) {
            return inbound.save(key);
        }
    }

    /** Takes back sessions {@link #saveRoomKeys} wrote, replacing those received so far; call before receiving. */
    public void restoreRoomKeys(JsonObject saved, SecretBytes key) {
        var restored = InboundRoomKeys.restore(saved, key, MAX_INBOUND);
        synchronized (receiving) {
            inbound = restored;
        }
    }

    /** Decrypts an {@code m.room.encrypted} event of this room as {@code /sync} delivered it. */
    public InboundRoomKeys.Result decrypt(JsonObject event) {
        try {
            String sender = event.string("sender");
            String eventId = event.string("event_id");
            JsonObject content = event.object("content");
            synchronized (receiving) {
                return inbound.decrypt(room.value(), sender, eventId, content);
            }
        } catch (JsonException e) {
            return new InboundRoomKeys.Result.Rejected("malformed encrypted event");
        }
    }

    /**
     * The {@code m.room.encrypted} content to send for an event of {@code type}, after making sure every device of
     * every joined member has the session (devices that cannot be reached now are tried again next time).
     */
    public synchronized JsonObject encrypt(String type, JsonObject content) {
        Set<DeviceIdentity> devices = new HashSet<>(device.queryDevices(joinedMembers()));
        devices.remove(device.identity());
        OutboundRoomKey.Plan plan = outbound.prepare(devices, clock.millis());
        if (plan.rotated()) {
            synchronized (receiving) {
                inbound.add(plan.roomKey(), device.identity()); // so that this device reads its own events too
            }
        }
        if (!plan.shareWith().isEmpty()) {
            List<DeviceIdentity> unreachable = device.sendEncrypted(ROOM_KEY, plan.roomKey(), plan.shareWith());
            var reached = new ArrayList<>(plan.shareWith());
            reached.removeAll(unreachable);
            outbound.shared(reached);
        }
        lastEventKey = Optional.of(plan.roomKey());
        lastEventReaders.clear();
        devices.stream().filter(outbound::isSharedWith).forEach(lastEventReaders::add);
        JsonObject encrypted = outbound.encrypt(type, content);
        // Deprecated since v1.3 but still read by older clients; harmless for newer ones.
        return encrypted.with("sender_key", JsonValue.of(device.identity().curve25519().toBase64()))
                .with("device_id", JsonValue.of(session.device().value()));
    }

    /**
     * Gives the session of the last event sent, from that event's index, to those of {@code devices} (user to device
     * ids) that could not read it: devices that appeared after it was sent, such as someone who just joined the room.
     * Megolm has no other way for them to read it (MSC4354 notes this for sticky memberships) until it is sent again.
     *
     * @return how many devices were given the key
     */
    public synchronized int shareLastEventKey(Map<UserId, Set<String>> devices) {
        if (lastEventKey.isEmpty() || devices.isEmpty()) {
            return 0;
        }
        List<DeviceIdentity> late = device.queryDevices(devices.keySet()).stream()
                .filter(identity -> devices.getOrDefault(UserId.parse(identity.userId()), Set.of())
                        .contains(identity.deviceId()))
                .filter(identity -> !identity.equals(device.identity()) && !lastEventReaders.contains(identity))
                .toList();
        if (late.isEmpty()) {
            return 0;
        }
        List<DeviceIdentity> unreachable = device.sendEncrypted(ROOM_KEY, lastEventKey.get(), late);
        var reached = new ArrayList<>(late);
        reached.removeAll(unreachable);
        lastEventReaders.addAll(reached);
        outbound.shared(reached);
        return reached.size();
    }

    private List<UserId> joinedMembers() {
        JsonObject joined = session.get("/_matrix/client/v3/rooms/" + MatrixHttp.encode(room.value())
                + "/joined_members", Map.of()).optionalObject("joined").orElse(JsonObject.EMPTY);
        var users = new ArrayList<UserId>();
        joined.members().keySet().forEach(user -> users.add(UserId.parse(user)));
        return users;
    }
}
