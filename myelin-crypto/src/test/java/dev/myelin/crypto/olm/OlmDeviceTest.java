package dev.myelin.crypto.olm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OlmDeviceTest {
    private static final JsonObject KEYS = JsonObject.builder().put("keys", JsonValue.of("k")).build();
    private static final Function<Curve25519PublicKey, Optional<DeviceIdentity>> UNKNOWN = key -> Optional.empty();
    private OlmDevice alice;
    private OlmDevice bob;

    @BeforeEach
    void devices() {
        alice = new OlmDevice("@alice:example.org", "ALICE", OlmAccount.create(new Random(1)));
        bob = new OlmDevice("@bob:example.org", "BOB", OlmAccount.create(new Random(2)));
    }

    private JsonObject claimBobKey() {
        bob.account().generateOneTimeKeys(1);
        JsonObject upload = bob.account().oneTimeKeysForUpload("@bob:example.org", "BOB");
        bob.account().markKeysAsPublished();
        return (JsonObject) upload.members().values().iterator().next();
    }

    private DeviceIdentity bobAsPublished() {
        return DeviceIdentity.fromSignedDeviceKeys(bob.deviceKeys());
    }

    @Test
    void toDevice_fromUnqueriedDevice_isAuthenticatedBySenderDeviceKeys() {
        alice.createOutboundSession(bobAsPublished(), claimBobKey());
        JsonObject content = alice.encrypt(bobAsPublished(), "io.element.call.encryption_keys", KEYS);

        assertThat(content.string("algorithm")).isEqualTo("m.olm.v1.curve25519-aes-sha2");
        assertThat(content.string("sender_key")).isEqualTo(alice.account().curve25519Key().toBase64());
        assertThat(content.object("ciphertext").object(bob.account().curve25519Key().toBase64()).integer("type"))
                .isZero();
        DecryptedToDevice event = bob.decrypt("@alice:example.org", content, UNKNOWN);
        assertThat(event.type()).isEqualTo("io.element.call.encryption_keys");
        assertThat(event.content()).isEqualTo(KEYS);
        assertThat(event.sender()).isEqualTo(alice.identity());
    }

    @Test
    void reply_reusesTheInboundSession_andBecomesNormalMessages() {
        alice.createOutboundSession(bobAsPublished(), claimBobKey());
        bob.decrypt("@alice:example.org", alice.encrypt(bobAsPublished(), "t", KEYS), UNKNOWN);
        JsonObject reply = bob.encrypt(alice.identity(), "t", KEYS);
        assertThat(reply.object("ciphertext").object(alice.account().curve25519Key().toBase64()).integer("type"))
                .isEqualTo(1);
        assertThat(alice.decrypt("@bob:example.org", reply, key -> Optional.of(bob.identity())).content()).isEqualTo(KEYS);
        assertThat(bob.sessionCount(alice.account().curve25519Key())).isEqualTo(1);
    }

    @Test
    void decrypt_withWrongToDeviceSender_isRejected() {
        alice.createOutboundSession(bobAsPublished(), claimBobKey());
        JsonObject content = alice.encrypt(bobAsPublished(), "t", KEYS);
        assertThatThrownBy(() -> bob.decrypt("@mallory:example.org", content, UNKNOWN))
                .isInstanceOf(OlmException.class).hasMessageContaining("sender");
    }

    @Test
    void decrypt_forAnotherUserOrDevice_isRejected() {
        alice.createOutboundSession(bobAsPublished(), claimBobKey());
        DeviceIdentity real = bobAsPublished();
        var otherUser = new DeviceIdentity("@eve:example.org", "BOB", real.curve25519(), real.ed25519());
        JsonObject content = alice.encrypt(otherUser, "t", KEYS);
        assertThatThrownBy(() -> bob.decrypt("@alice:example.org", content, UNKNOWN))
                .isInstanceOf(OlmException.class).hasMessageContaining("another user");

        Ed25519PublicKey otherEd = OlmAccount.create(new Random(3)).ed25519Key();
        var otherDevice = new DeviceIdentity(real.userId(), "BOB", real.curve25519(), otherEd);
        JsonObject second = alice.encrypt(otherDevice, "t", KEYS);
        assertThatThrownBy(() -> bob.decrypt("@alice:example.org", second, UNKNOWN))
                .isInstanceOf(OlmException.class).hasMessageContaining("another device");
    }

    @Test
    void decrypt_whenKnownDeviceKeysDisagree_isRejected() {
        alice.createOutboundSession(bobAsPublished(), claimBobKey());
        JsonObject content = alice.encrypt(bobAsPublished(), "t", KEYS);
        var impostor = new DeviceIdentity("@alice:example.org", "ALICE", alice.account().curve25519Key(),
                OlmAccount.create(new Random(4)).ed25519Key());
        assertThatThrownBy(() -> bob.decrypt("@alice:example.org", content, key -> Optional.of(impostor)))
                .isInstanceOf(OlmException.class).hasMessageContaining("do not match");
    }

    @Test
    void decrypt_ciphertextForAnotherDevice_isRejected() {
        alice.createOutboundSession(bobAsPublished(), claimBobKey());
        JsonObject content = alice.encrypt(bobAsPublished(), "t", KEYS);
        var carol = new OlmDevice("@carol:example.org", "CAROL", OlmAccount.create(new Random(5)));
        assertThatThrownBy(() -> carol.decrypt("@alice:example.org", content, UNKNOWN))
                .isInstanceOf(OlmException.class).hasMessageContaining("no ciphertext for this device");
    }

    @Test
    void claimedKey_withBadSignature_isRejected() {
        JsonObject claimed = claimBobKey();
        JsonObject forged = claimed.with("key", JsonValue.of(alice.account().curve25519Key().toBase64()));
        assertThatThrownBy(() -> alice.createOutboundSession(bobAsPublished(), forged))
                .isInstanceOf(OlmException.class);
    }

    @Test
    void deviceKeys_withBrokenSelfSignature_areRejected() {
        JsonObject tampered = bob.deviceKeys().with("device_id", JsonValue.of("BOB"))
                .with("algorithms", JsonValue.ofStrings(java.util.List.of("x")));
        assertThatThrownBy(() -> DeviceIdentity.fromSignedDeviceKeys(tampered)).isInstanceOf(OlmException.class);
    }

    @Test
    void sessionsPerDevice_areBoundedLeastRecentlyUsedFirst() {
        for (int i = 0; i < OlmDevice.MAX_SESSIONS_PER_DEVICE + 2; i++) {
            alice.createOutboundSession(bobAsPublished(), claimBobKey());
        }
        assertThat(alice.sessionCount(bob.account().curve25519Key())).isEqualTo(OlmDevice.MAX_SESSIONS_PER_DEVICE);
        JsonObject content = alice.encrypt(bobAsPublished(), "t", KEYS);
        assertThat(bob.decrypt("@alice:example.org", content, UNKNOWN).content()).isEqualTo(KEYS);
    }

    @Test
    void concurrentSessionsFromBothSides_bothDecrypt() {
        alice.createOutboundSession(bobAsPublished(), claimBobKey());
        alice.account().generateOneTimeKeys(1);
        JsonObject aliceKey = (JsonObject) alice.account().oneTimeKeysForUpload("@alice:example.org", "ALICE")
                .members().values().iterator().next();
        bob.createOutboundSession(alice.identity(), aliceKey);
        JsonObject fromAlice = alice.encrypt(bobAsPublished(), "t", KEYS);
        JsonObject fromBob = bob.encrypt(alice.identity(), "t", KEYS);
        assertThat(bob.decrypt("@alice:example.org", fromAlice, UNKNOWN).content()).isEqualTo(KEYS);
        assertThat(alice.decrypt("@bob:example.org", fromBob, UNKNOWN).content()).isEqualTo(KEYS);
        assertThat(bob.sessionCount(alice.account().curve25519Key())).isEqualTo(2);
    }

    @Test
    void device_afterPickleRoundTrip_keepsSessionsAndIdentity() {
        var key = dev.myelin.crypto.SecretBytes.copyOf(new byte[32]);
        alice.createOutboundSession(bobAsPublished(), claimBobKey());
        bob.decrypt("@alice:example.org", alice.encrypt(bobAsPublished(), "t", KEYS), UNKNOWN);

        OlmDevice restoredBob = OlmDevice.unpickle(bob.pickle(key), key, new Random(9));
        OlmDevice restoredAlice = OlmDevice.unpickle(alice.pickle(key), key, new Random(10));
        assertThat(restoredBob.identity()).isEqualTo(bob.identity());
        assertThat(restoredBob.sessionCount(alice.account().curve25519Key())).isEqualTo(1);
        JsonObject reply = restoredBob.encrypt(restoredAlice.identity(), "t", KEYS);
        assertThat(restoredAlice.decrypt("@bob:example.org", reply, UNKNOWN).content()).isEqualTo(KEYS);
        assertThat(restoredBob.decrypt("@alice:example.org", restoredAlice.encrypt(bobAsPublished(), "t", KEYS),
                UNKNOWN).content()).isEqualTo(KEYS);
        assertThatThrownBy(() -> OlmDevice.unpickle(bob.pickle(key), dev.myelin.crypto.SecretBytes.copyOf(new byte[] {
            9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}),
                new Random())).isInstanceOf(OlmException.class);
    }
}
