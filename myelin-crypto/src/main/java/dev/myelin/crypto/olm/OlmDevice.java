package dev.myelin.crypto.olm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.json.Json;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * This device's Olm endpoint for Matrix: the account, Olm sessions per peer device, and the {@code m.room.encrypted}
 * to-device wrapping ({@code m.olm.v1.curve25519-aes-sha2}) with every receiver check the spec requires. Not thread
 * safe. Sessions per peer device are bounded; the least recently used is dropped.
 */
public final class OlmDevice {
    /** The Matrix spec asks clients to keep at least 4 sessions per device. */
    public static final int MAX_SESSIONS_PER_DEVICE = 5;

    private final String userId;
    private final String deviceId;
    private final OlmAccount account;
    private final Map<Curve25519PublicKey, List<StoredSession>> sessions = new HashMap<>();
    private long useCounter;

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
     * Encrypts a to-device event for {@code recipient} with the most recently used session and returns the
     * {@code m.room.encrypted} content. The plaintext carries {@code sender_device_keys}, so a receiver that has not
     * queried this device yet can still authenticate it. Throws {@link OlmException} without a session.
     */
    public JsonObject encrypt(DeviceIdentity recipient, String type, JsonObject content) {
        StoredSession stored = sessions.getOrDefault(recipient.curve25519(), List.of()).stream()
                .max(Comparator.comparingLong(s -> s.lastUsed))
                .orElseThrow(() -> new OlmException("no Olm session with " + recipient.deviceId()));
        stored.lastUsed = ++useCounter;
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

    /** Ed25519 key of this device, as receivers expect in {@code keys.ed25519}. */
    public Ed25519PublicKey ed25519Key() {
        return account.ed25519Key();
    }

    @Override
    public String toString() {
        return "OlmDevice[" + userId + " " + deviceId + "]";
    }
}
