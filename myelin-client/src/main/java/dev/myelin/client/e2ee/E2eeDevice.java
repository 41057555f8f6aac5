package dev.myelin.client.e2ee;

import dev.myelin.client.Session;
import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.olm.DecryptedToDevice;
import dev.myelin.crypto.olm.DeviceIdentity;
import dev.myelin.crypto.olm.OlmAccount;
import dev.myelin.crypto.olm.OlmDevice;
import dev.myelin.crypto.olm.OlmException;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * This device's end-to-end encryption over a {@link Session}: publishes its keys, learns other devices' keys,
 * opens Olm sessions with claimed one-time keys, and sends and receives Olm-encrypted to-device messages. Device keys
 * are accepted only when self-signed by the device they name. Thread-safe: Olm state is used under one lock.
 */
public final class E2eeDevice {
    static final String ENCRYPTED = "m.room.encrypted";
    static final int ONE_TIME_KEYS = 50;

    private final Session session;
    private final OlmDevice olm;
    private final Map<Curve25519PublicKey, DeviceIdentity> knownByKey = new ConcurrentHashMap<>();

    private E2eeDevice(Session session, OlmDevice olm) {
        this.session = session;
        this.olm = olm;
    }

    /** A new Olm identity for {@code session}'s device (keys not yet published: call {@link #publishKeys()}). */
    public static E2eeDevice create(Session session, RandomGenerator random) {
        var account = OlmAccount.create(Objects.requireNonNull(random, "random"));
        return new E2eeDevice(session, new OlmDevice(session.user().toString(), session.device().value(), account));
    }

    /** A device restored from {@link #pickle} for {@code session}, whose user and device it must be. */
    public static E2eeDevice restore(Session session, byte[] pickled, SecretBytes key, RandomGenerator random) {
        OlmDevice olm = OlmDevice.unpickle(pickled, key, Objects.requireNonNull(random, "random"));
        if (!olm.identity().userId().equals(session.user().toString())
                || !olm.identity().deviceId().equals(session.device().value())) {
            throw new OlmException("saved device belongs to another session");
        }
        return new E2eeDevice(session, olm);
    }

    /** The Olm account and sessions, encrypted at rest under {@code key} (32 bytes). */
    public byte[] pickle(SecretBytes key) {
        synchronized (olm) {
            return olm.pickle(key);
        }
    }

    public DeviceIdentity identity() {
        return olm.identity();
    }

    /** Uploads the signed device keys, a batch of one-time keys and a fallback key. */
    public void publishKeys() {
        JsonObject body;
        synchronized (olm) {
            olm.account().generateOneTimeKeys(ONE_TIME_KEYS);
            olm.account().generateFallbackKey();
            String user = session.user().toString();
            String device = session.device().value();
            body = JsonObject.builder()
                    .put("device_keys", olm.deviceKeys())
                    .put("one_time_keys", olm.account().oneTimeKeysForUpload(user, device))
                    .put("fallback_keys", olm.account().fallbackKeysForUpload(user, device))
                    .build();
        }
        session.post("/_matrix/client/v3/keys/upload", body);
        synchronized (olm) {
            olm.account().markKeysAsPublished();
        }
    }

    /** The devices of {@code users} whose keys are validly self-signed ({@code /keys/query}). */
    public List<DeviceIdentity> queryDevices(Collection<UserId> users) {
        var request = new LinkedHashMap<String, JsonValue>();
        users.forEach(user -> request.put(user.toString(), JsonArray.EMPTY));
        JsonObject response = session.post("/_matrix/client/v3/keys/query",
                JsonObject.builder().put("device_keys", JsonValue.of(request)).build());
        var devices = new ArrayList<DeviceIdentity>();
        response.optionalObject("device_keys").orElse(JsonObject.EMPTY).members().forEach((user, byDevice) -> {
            if (byDevice instanceof JsonObject perDevice) {
                perDevice.members().forEach((deviceId, keys) -> identityOf(user, deviceId, keys)
                        .ifPresent(identity -> {
                            devices.add(identity);
                            knownByKey.put(identity.curve25519(), identity);
                        }));
            }
        });
        return devices;
    }

    /**
     * Sends {@code content} as an Olm-encrypted to-device event of {@code type} to each device, opening sessions with
     * claimed one-time keys where none exists. Returns the devices it could not reach (no key to claim).
     */
    public List<DeviceIdentity> sendEncrypted(String type, JsonObject content, Collection<DeviceIdentity> recipients) {
        List<DeviceIdentity> unreachable = openSessions(recipients);
        var messages = new HashMap<UserId, Map<String, JsonObject>>();
        synchronized (olm) {
            for (DeviceIdentity recipient : recipients) {
                if (olm.hasSession(recipient.curve25519())) {
                    messages.computeIfAbsent(UserId.parse(recipient.userId()), u -> new LinkedHashMap<>())
                            .put(recipient.deviceId(), olm.encrypt(recipient, type, content));
                }
            }
        }
        if (!messages.isEmpty()) {
            session.sendToDevice(ENCRYPTED, messages);
        }
        return unreachable;
    }

    /**
     * Decrypts one to-device event from {@code /sync} ({@code sender}, {@code type}, {@code content}).
     *
     * @throws OlmException if it is not an Olm message for this device or fails any receiver check
     */
    public DecryptedToDevice decrypt(JsonObject toDeviceEvent) {
        try {
            if (!ENCRYPTED.equals(toDeviceEvent.string("type"))) {
                throw new OlmException("not an encrypted to-device event");
            }
            String sender = toDeviceEvent.string("sender");
            synchronized (olm) {
                return olm.decrypt(sender, toDeviceEvent.object("content"),
                        key -> Optional.ofNullable(knownByKey.get(key)));
            }
        } catch (JsonException e) {
            throw new OlmException("malformed to-device event");
        }
    }

    private List<DeviceIdentity> openSessions(Collection<DeviceIdentity> recipients) {
        var toClaim = new LinkedHashMap<String, Map<String, JsonValue>>();
        synchronized (olm) {
            for (DeviceIdentity recipient : recipients) {
                if (!olm.hasSession(recipient.curve25519())) {
                    toClaim.computeIfAbsent(recipient.userId(), u -> new LinkedHashMap<>())
                            .put(recipient.deviceId(), JsonValue.of("signed_curve25519"));
                }
            }
        }
        if (toClaim.isEmpty()) {
            return List.of();
        }
        var request = new LinkedHashMap<String, JsonValue>();
        toClaim.forEach((user, devices) -> request.put(user, JsonValue.of(devices)));
        JsonObject claimed = session.post("/_matrix/client/v3/keys/claim",
                JsonObject.builder().put("one_time_keys", JsonValue.of(request)).build())
                .optionalObject("one_time_keys").orElse(JsonObject.EMPTY);
        var unreachable = new ArrayList<DeviceIdentity>();
        synchronized (olm) {
            for (DeviceIdentity recipient : recipients) {
                if (olm.hasSession(recipient.curve25519())) {
                    continue;
                }
                Optional<JsonObject> key = claimed.optionalObject(recipient.userId())
                        .flatMap(devices -> devices.optionalObject(recipient.deviceId()))
                        .flatMap(keys -> keys.members().values().stream().filter(JsonObject.class::isInstance)
                                .map(JsonObject.class::cast).findFirst());
                try {
                    if (key.isPresent()) {
                        olm.createOutboundSession(recipient, key.get());
                        continue;
                    }
                } catch (OlmException badKey) {
                    // a key not signed by the device is as good as none
                }
                unreachable.add(recipient);
            }
        }
        return unreachable;
    }

    private static Optional<DeviceIdentity> identityOf(String user, String deviceId, JsonValue keys) {
        if (!(keys instanceof JsonObject deviceKeys)) {
            return Optional.empty();
        }
        try {
            DeviceIdentity identity = DeviceIdentity.fromSignedDeviceKeys(deviceKeys);
            boolean matches = identity.userId().equals(user) && identity.deviceId().equals(deviceId);
            return matches ? Optional.of(identity) : Optional.empty();
        } catch (OlmException forged) {
            return Optional.empty();
        }
    }
}
