package dev.myelin.crypto.olm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.internal.StateReader;
import dev.myelin.crypto.internal.StateSeal;
import dev.myelin.crypto.internal.StateWriter;
import dev.myelin.json.Json;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * This device's Olm endpoint for Matrix: the account, Olm sessions per peer device, and the {@code m.room.encrypted}
 * to-device wrapping ({@code m.olm.v1.curve25519-aes-sha2}) with every receiver check the spec requires. Not thread
 * safe. Sessions per peer device are bounded; the one least recently used to decrypt is dropped.
 */
public final class OlmDevice {
    /** The Matrix spec asks clients to keep at least 4 sessions per device. */
    public static final int MAX_SESSIONS_PER_DEVICE = 5;

    private final String userId;
    private final String deviceId;
    private final OlmAccount account;
    private final Map<Curve25519PublicKey, List<StoredSession>> sessions = new HashMap<>();
    private long useCounter;
    private static final String DEVICE_LABEL = "myelin.olm.device.v1";
    private static final int MAX_PICKLE = 1 << 20;
    private static final int MAX_DEVICES = 1 << 20;

    private static final class StoredSession {
        final OlmSession session;
        long lastUsed;

        StoredSession(OlmSession session, long lastUsed) {
            this.session = session;
            this.lastUsed = lastUsed;
        }
    }

    public OlmDevice(String userId, String deviceId, OlmAccount account) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.account = Objects.requireNonNull(account, "account");
    }

    public OlmAccount account() {
        return account;
    }

    public DeviceIdentity identity() {
        return new DeviceIdentity(userId, deviceId, account.curve25519Key(), account.ed25519Key());
    }

    /** This device's signed {@code device_keys}. */
    public JsonObject deviceKeys() {
        return account.deviceKeys(userId, deviceId);
    }

    /** Opens a session to {@code recipient} with a key claimed from {@code /keys/claim}; its signature is checked. */
    public OlmSession createOutboundSession(DeviceIdentity recipient, JsonObject claimedSignedKey) {
        Curve25519PublicKey oneTimeKey = recipient.verifyClaimedKey(claimedSignedKey);
        OlmSession session = account.createOutboundSession(recipient.curve25519(), oneTimeKey);
        store(recipient.curve25519(), session);
        return session;
    }

    public boolean hasSession(Curve25519PublicKey deviceKey) {
        return !sessions.getOrDefault(deviceKey, List.of()).isEmpty();
    }

    /** The number of sessions kept with the device owning {@code deviceKey}. */
    public int sessionCount(Curve25519PublicKey deviceKey) {
        return sessions.getOrDefault(deviceKey, List.of()).size();
    }

    /**
     * Encrypts a to-device event for {@code recipient} with the session that most recently decrypted (or was created),
     * so that two devices that opened sessions at once converge on one, and returns the
     * {@code m.room.encrypted} content. The plaintext carries {@code sender_device_keys}, so a receiver that has not
     * queried this device yet can still authenticate it. Throws {@link OlmException} without a session.
     */
    public JsonObject encrypt(DeviceIdentity recipient, String type, JsonObject content) {
        StoredSession stored = sessions.getOrDefault(recipient.curve25519(), List.of()).stream()
                .max(Comparator.comparingLong(s -> s.lastUsed))
                .orElseThrow(() -> new OlmException("no Olm session with " + recipient.deviceId()));
        JsonObject plaintext = ToDeviceJson.plaintext(identity(), recipient, type, content, deviceKeys());
        OlmMessage message = stored.session.encrypt(Json.canonicalBytes(plaintext));
        return ToDeviceJson.encryptedContent(account.curve25519Key(), recipient.curve25519(), message);
    }

    /**
     * Decrypts {@code m.room.encrypted} to-device content sent by {@code sender} and runs the receiver checks:
     * recipient and recipient key are this device, {@code sender} matches, and the sending device is authenticated
     * through {@code knownDevices} (looked up by Curve25519 key, e.g. from {@code /keys/query}) or a self-signed
     * {@code sender_device_keys} whose keys match. Throws {@link OlmException} on any failure.
     */
    public DecryptedToDevice decrypt(String sender, JsonObject content,
            Function<Curve25519PublicKey, Optional<DeviceIdentity>> knownDevices) {
        ToDeviceJson.Envelope envelope = ToDeviceJson.parseEnvelope(content, account.curve25519Key());
        byte[] plaintextBytes = decryptWithSessions(envelope.senderKey(), envelope.message());
        JsonObject plaintext;
        try {
            plaintext = Json.parseObject(plaintextBytes);
        } catch (JsonException e) {
            throw new OlmException("Olm plaintext is not a JSON object");
        }
        return ToDeviceJson.checkPlaintext(plaintext, sender, identity(), envelope.senderKey(),
                knownDevices.apply(envelope.senderKey()));
    }

    private byte[] decryptWithSessions(Curve25519PublicKey senderKey, OlmMessage message) {
        List<StoredSession> candidates = new ArrayList<>(sessions.getOrDefault(senderKey, List.of()));
        candidates.sort(Comparator.comparingLong((StoredSession s) -> s.lastUsed).reversed());
        for (StoredSession stored : candidates) {
            if (message instanceof PreKeyMessage preKey && !stored.session.matches(preKey)) {
                continue;
            }
            try {
                byte[] plaintext = stored.session.decrypt(message);
                stored.lastUsed = ++useCounter;
                return plaintext;
            } catch (OlmException e) {
                if (message instanceof PreKeyMessage) {
                    throw e; // the matching session could not decrypt it: a replay or a forgery
                }
            }
        }
        if (!(message instanceof PreKeyMessage preKey)) {
            throw new OlmException("no Olm session decrypts this message");
        }
        InboundSession inbound = account.createInboundSession(senderKey, preKey);
        store(senderKey, inbound.session());
        return inbound.plaintext();
    }

    private void store(Curve25519PublicKey deviceKey, OlmSession session) {
        List<StoredSession> list = sessions.computeIfAbsent(deviceKey, k -> new ArrayList<>());
        list.add(new StoredSession(session, ++useCounter));
        while (list.size() > MAX_SESSIONS_PER_DEVICE) {
            list.remove(list.stream().min(Comparator.comparingLong(s -> s.lastUsed)).orElseThrow());
        }
    }

    /** The account and every session, encrypted at rest under {@code key} (32 bytes), to restore with {@link #unpickle}. */
    public byte[] pickle(SecretBytes key) {
        var out = new StateWriter().string(userId).string(deviceId).bytes(account.pickle(key)).i64(useCounter)
                .u32(sessions.size());
        sessions.forEach((deviceKey, list) -> {
            out.fixed(deviceKey.toBytes()).u32(list.size());
            list.forEach(stored -> out.i64(stored.lastUsed).bytes(stored.session.pickle(key)));
        });
        byte[] plain = out.toByteArray();
        try {
            return StateSeal.seal(key, DEVICE_LABEL, plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Restores a pickled device; throws {@link OlmException} on a wrong key or damaged bytes. */
    public static OlmDevice unpickle(byte[] pickled, SecretBytes key, RandomGenerator random) {
        byte[] plain = StateSeal.open(key, DEVICE_LABEL, pickled)
                .orElseThrow(() -> new OlmException("wrong key or damaged state"));
        try {
            var in = new StateReader(plain);
            String userId = in.string();
            String deviceId = in.string();
            var device = new OlmDevice(userId, deviceId, OlmAccount.unpickle(in.bytes(MAX_PICKLE), key, random));
            device.useCounter = in.i64();
            int devices = in.count(MAX_DEVICES);
            for (int i = 0; i < devices; i++) {
                var deviceKey = Curve25519PublicKey.fromBytes(in.fixed(32));
                int count = in.count(MAX_SESSIONS_PER_DEVICE);
                var list = new ArrayList<StoredSession>();
                for (int j = 0; j < count; j++) {
                    long lastUsed = in.i64();
                    list.add(new StoredSession(OlmSession.unpickle(in.bytes(MAX_PICKLE), key, random), lastUsed));
                }
                device.sessions.put(deviceKey, list);
            }
            in.requireEnd();
            return device;
        } catch (IllegalArgumentException e) {
            throw new OlmException("damaged device state");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Ed25519 key of this device, as receivers expect in {@code keys.ed25519}. */
    public Ed25519PublicKey ed25519Key() {
        return account.ed25519Key();
    }

    @Override
    public String toString() {
        return "OlmDevice[" + userId + " " + deviceId + "]";
    }
}
