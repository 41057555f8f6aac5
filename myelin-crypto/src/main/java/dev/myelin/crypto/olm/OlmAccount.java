package dev.myelin.crypto.olm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.JsonSignatures;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.internal.Base64Unpadded;
import dev.myelin.crypto.internal.Curve25519KeyPair;
import dev.myelin.crypto.internal.Ed25519KeyPair;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * An Olm device account: Ed25519 signing key, Curve25519 identity key, one-time keys and a fallback key. Not thread
 * safe. Randomness comes from the {@link RandomGenerator} given at creation (a {@code SecureRandom} in production).
 */
public final class OlmAccount {
    /** Like libolm and vodozemac: beyond this many one-time keys the oldest are forgotten. */
    public static final int MAX_ONE_TIME_KEYS = 100;
    static final String OLM_ALGORITHM = "m.olm.v1.curve25519-aes-sha2";
    static final String MEGOLM_ALGORITHM = "m.megolm.v1.aes-sha2";

    final Ed25519KeyPair signingKey;
    final Curve25519KeyPair identityKey;
    final RandomGenerator random;
    final LinkedHashMap<String, OneTimeKey> oneTimeKeys = new LinkedHashMap<>();
    OneTimeKey fallbackKey;
    OneTimeKey previousFallbackKey;
    long nextKeyId;

    /** A one-time or fallback key and whether it has been uploaded. */
    static final class OneTimeKey {
        final String keyId;
        final Curve25519KeyPair keyPair;
        boolean published;

        OneTimeKey(String keyId, Curve25519KeyPair keyPair, boolean published) {
            this.keyId = keyId;
            this.keyPair = keyPair;
            this.published = published;
        }
    }

    OlmAccount(Ed25519KeyPair signingKey, Curve25519KeyPair identityKey, RandomGenerator random) {
        this.signingKey = signingKey;
        this.identityKey = identityKey;
        this.random = Objects.requireNonNull(random, "random");
    }

    public static OlmAccount create(RandomGenerator random) {
        return new OlmAccount(Ed25519KeyPair.generate(random), Curve25519KeyPair.generate(random), random);
    }

    public Curve25519PublicKey curve25519Key() {
        return identityKey.publicKey();
    }

    public Ed25519PublicKey ed25519Key() {
        return signingKey.publicKey();
    }

    public Ed25519Signature sign(byte[] message) {
        return signingKey.sign(message);
    }

    /** {@code object} signed as {@code userId}'s device {@code deviceId} (other signatures kept). */
    public JsonObject signJson(JsonObject object, String userId, String deviceId) {
        return JsonSignatures.withSignature(object, userId, "ed25519:" + deviceId,
                sign(JsonSignatures.signingBytes(object)));
    }

    /** The signed {@code device_keys} object for {@code POST /keys/upload}. */
    public JsonObject deviceKeys(String userId, String deviceId) {
        JsonObject keys = JsonObject.builder()
                .put("user_id", userId)
                .put("device_id", deviceId)
                .put("algorithms", JsonValue.ofStrings(List.of(OLM_ALGORITHM, MEGOLM_ALGORITHM)))
                .put("keys", JsonObject.builder()
                        .put("curve25519:" + deviceId, curve25519Key().toBase64())
                        .put("ed25519:" + deviceId, ed25519Key().toBase64())
                        .build())
                .build();
        return signJson(keys, userId, deviceId);
    }

    /** Makes {@code count} new one-time keys (unpublished until {@link #markKeysAsPublished()}). */
    public void generateOneTimeKeys(int count) {
        if (count < 0 || count > MAX_ONE_TIME_KEYS) {
            throw new IllegalArgumentException("count must be 0.." + MAX_ONE_TIME_KEYS + ", got " + count);
        }
        for (int i = 0; i < count; i++) {
            OneTimeKey key = newKey();
            oneTimeKeys.put(key.keyId, key);
        }
        var oldest = oneTimeKeys.values().iterator();
        while (oneTimeKeys.size() > MAX_ONE_TIME_KEYS) {
            oldest.next().keyPair.privateKey().wipe();
            oldest.remove();
        }
    }

    /** Replaces the fallback key; the previous one is kept for messages already in flight. */
    public void generateFallbackKey() {
        if (previousFallbackKey != null) {
            previousFallbackKey.keyPair.privateKey().wipe();
        }
        previousFallbackKey = fallbackKey;
        fallbackKey = newKey();
    }

    private OneTimeKey newKey() {
        nextKeyId++;
        // libolm's key ids: the big-endian u32 counter in base64 ("AAAAAQ" for the first key).
        String keyId = Base64Unpadded.encode(ByteBuffer.allocate(4).putInt((int) nextKeyId).array());
        return new OneTimeKey(keyId, Curve25519KeyPair.generate(random), false);
    }

    /** Unpublished one-time keys by key id. */
    public Map<String, Curve25519PublicKey> unpublishedOneTimeKeys() {
        var keys = new LinkedHashMap<String, Curve25519PublicKey>();
        oneTimeKeys.values().stream().filter(k -> !k.published).forEach(k -> keys.put(k.keyId, k.keyPair.publicKey()));
        return keys;
    }

    /** The fallback key by key id, if one exists and is not yet published. */
    public Map<String, Curve25519PublicKey> unpublishedFallbackKey() {
        return fallbackKey == null || fallbackKey.published ? Map.of()
                : Map.of(fallbackKey.keyId, fallbackKey.keyPair.publicKey());
    }

    public void markKeysAsPublished() {
        oneTimeKeys.values().forEach(k -> k.published = true);
        if (fallbackKey != null) {
            fallbackKey.published = true;
        }
    }

    /** Signed {@code one_time_keys} for {@code POST /keys/upload}: {@code "signed_curve25519:<id>": {"key", ...}}. */
    public JsonObject oneTimeKeysForUpload(String userId, String deviceId) {
        var builder = JsonObject.builder();
        unpublishedOneTimeKeys().forEach((id, key) -> builder.put("signed_curve25519:" + id,
                signJson(JsonObject.builder().put("key", key.toBase64()).build(), userId, deviceId)));
        return builder.build();
    }

    /** Signed {@code fallback_keys} for {@code POST /keys/upload}; the key object carries {@code "fallback": true}. */
    public JsonObject fallbackKeysForUpload(String userId, String deviceId) {
        var builder = JsonObject.builder();
        unpublishedFallbackKey().forEach((id, key) -> builder.put("signed_curve25519:" + id, signJson(
                JsonObject.builder().put("key", key.toBase64()).put("fallback", true).build(), userId, deviceId)));
        return builder.build();
    }

    /** Starts a session to a device from its identity key and a one-time (or fallback) key claimed for it. */
    public OlmSession createOutboundSession(Curve25519PublicKey theirIdentityKey, Curve25519PublicKey theirOneTimeKey) {
        return OlmSession.outbound(identityKey, theirIdentityKey, theirOneTimeKey, random);
    }

    /**
     * Opens a session from a pre-key message sent by {@code theirIdentityKey} and decrypts it. Only once the message
     * authenticates is the one-time key used removed (fallback keys stay). Throws {@link OlmException} otherwise.
     */
    public InboundSession createInboundSession(Curve25519PublicKey theirIdentityKey, PreKeyMessage message) {
        if (!message.identityKey().equals(theirIdentityKey)) {
            throw new OlmException("pre-key message is from another identity key");
        }
        OneTimeKey ourKey = findKey(message.oneTimeKey())
                .orElseThrow(() -> new OlmException("pre-key message uses an unknown one-time key"));
        OlmSession session = OlmSession.inbound(identityKey, ourKey.keyPair, message, random);
        byte[] plaintext = session.decrypt(message);
        if (oneTimeKeys.remove(ourKey.keyId, ourKey)) {
            ourKey.keyPair.privateKey().wipe();
        }
        return new InboundSession(session, plaintext);
    }

    private Optional<OneTimeKey> findKey(Curve25519PublicKey publicKey) {
        return java.util.stream.Stream.concat(oneTimeKeys.values().stream(),
                        java.util.stream.Stream.of(fallbackKey, previousFallbackKey).filter(Objects::nonNull))
                .filter(k -> k.keyPair.publicKey().equals(publicKey))
                .findFirst();
    }

    /** This account's keys, encrypted at rest under {@code key} (32 bytes), to restore with {@link #unpickle}. */
    public byte[] pickle(SecretBytes key) {
        return OlmState.pickle(this, key);
    }

    /** Restores a pickled account; throws {@link OlmException} on a wrong key or damaged bytes. */
    public static OlmAccount unpickle(byte[] pickled, SecretBytes key, RandomGenerator random) {
        return OlmState.unpickleAccount(pickled, key, random);
    }

    @Override
    public String toString() {
        return "OlmAccount[curve25519=" + curve25519Key().toBase64() + ", ed25519=" + ed25519Key().toBase64() + "]";
    }
}
