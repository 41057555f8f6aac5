package dev.myelin.crypto.olm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.JsonLinesPeer;
import dev.myelin.crypto.megolm.MegolmRoomEvents;
import dev.myelin.crypto.megolm.OutboundGroupSession;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live Olm to-device interoperability with matrix-sdk-crypto 0.19 (vodozemac), the crypto of matrix-js-sdk 43 and
 * Element Call, through @matrix-org/matrix-sdk-crypto-wasm in Node. The test plays the homeserver's key endpoints.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OlmRustCryptoInteropTest {
    private static final String RUST_USER = "@rust:example.org";
    private static final String JAVA_USER = "@java:example.org";
    private static JsonLinesPeer rust;
    private OlmDevice java;
    private DeviceIdentity rustDevice;
    private JsonObject rustOneTimeKeys;

    @BeforeAll
    static void startPeer() {
        rust = JsonLinesPeer.startRustCrypto();
    }

    @AfterAll
    static void stopPeer() {
        rust.close();
    }

    @BeforeEach
    void devices() {
        long seed = new Random().nextLong();
        System.out.println("OlmRustCryptoInteropTest seed " + seed);
        java = new OlmDevice(JAVA_USER, "JAVADEV", OlmAccount.create(new Random(seed)));
        JsonObject uploaded = rust.call("init", JsonObject.builder().put("user_id", RUST_USER)
                .put("device_id", "RUSTDEV").build());
        rustDevice = DeviceIdentity.fromSignedDeviceKeys(uploaded.object("device_keys"));
        rustOneTimeKeys = uploaded.object("one_time_keys");
    }

    private List<JsonObject> deliverToRust(JsonObject content) {
        JsonObject event = JsonObject.builder().put("type", "m.room.encrypted").put("sender", JAVA_USER)
                .put("content", content).build();
        JsonArray results = rust.call("receive", JsonObject.builder().put("events", JsonValue.of(List.of(event)))
                .build()).array("results");
        return results.elements().stream().map(JsonObject.class::cast).toList();
    }

    private JsonObject expectDecrypted(List<JsonObject> results) {
        assertThat(results).hasSize(1);
        assertThat(results.getFirst().string("kind")).as("Rust's verdict: %s", results.getFirst()).isEqualTo("decrypted");
        return results.getFirst().object("event");
    }

    @Test
    void javaToRust_fromUnqueriedDevice_decryptsThanksToSenderDeviceKeys() {
        String keyId = rustOneTimeKeys.members().keySet().iterator().next();
        java.createOutboundSession(rustDevice, rustOneTimeKeys.object(keyId));
        JsonObject keys = JsonObject.builder().put("call_id", "").put("device_id", "JAVADEV").build();

        JsonObject first = expectDecrypted(deliverToRust(java.encrypt(rustDevice, "io.element.call.encryption_keys",
                keys)));
        assertThat(first.string("type")).isEqualTo("io.element.call.encryption_keys");
        assertThat(first.object("content")).isEqualTo(keys);
        assertThat(first.string("sender")).isEqualTo(JAVA_USER);

        JsonObject second = expectDecrypted(deliverToRust(java.encrypt(rustDevice, "m.dummy", JsonObject.EMPTY)));
        assertThat(second.string("type")).isEqualTo("m.dummy");
    }

    @Test
    void rustToJava_andReplies_overOneSession() {
        java.account().generateOneTimeKeys(1);
        JsonObject javaKeys = java.account().oneTimeKeysForUpload(JAVA_USER, "JAVADEV");
        java.account().markKeysAsPublished();
        assertThat(rust.call("add_device", JsonObject.builder().put("device_keys", java.deviceKeys()).build())
                .bool("answered")).isTrue();

        JsonObject content = rust.call("claim_and_encrypt", JsonObject.builder()
                .put("user_id", JAVA_USER).put("device_id", "JAVADEV").put("one_time_key", javaKeys)
                .put("type", "io.element.call.encryption_keys")
                .put("content", JsonObject.builder().put("k", "v").build()).build()).object("content");
        assertThat(content.object("ciphertext").object(java.account().curve25519Key().toBase64()).integer("type"))
                .isZero();
        DecryptedToDevice fromRust = java.decrypt(RUST_USER, content,
                key -> key.equals(rustDevice.curve25519()) ? Optional.of(rustDevice) : Optional.empty());
        assertThat(fromRust.type()).isEqualTo("io.element.call.encryption_keys");
        assertThat(fromRust.content().string("k")).isEqualTo("v");
        assertThat(fromRust.sender()).isEqualTo(rustDevice);

        JsonObject reply = java.encrypt(rustDevice, "m.reply", JsonObject.builder().put("n", 1).build());
        assertThat(reply.object("ciphertext").object(rustDevice.curve25519().toBase64()).integer("type")).isEqualTo(1);
        assertThat(expectDecrypted(deliverToRust(reply)).object("content").integer("n")).isEqualTo(1);

        for (int turn = 0; turn < 3; turn++) {
            JsonObject again = rust.call("encrypt", JsonObject.builder().put("user_id", JAVA_USER)
                    .put("device_id", "JAVADEV").put("type", "m.turn")
                    .put("content", JsonObject.builder().put("turn", turn).build()).build()).object("content");
            assertThat(java.decrypt(RUST_USER, again, key -> Optional.of(rustDevice)).content().integer("turn"))
                    .isEqualTo(turn);
            JsonObject answer = java.encrypt(rustDevice, "m.turn", JsonObject.builder().put("turn", turn).build());
            assertThat(expectDecrypted(deliverToRust(answer)).object("content").integer("turn")).isEqualTo(turn);
        }
        assertThat(java.sessionCount(rustDevice.curve25519())).isEqualTo(1);
    }

    @Test
    void megolmRoomKeysAndEvents_travelBothWays() {
        String keyId = rustOneTimeKeys.members().keySet().iterator().next();
        java.createOutboundSession(rustDevice, rustOneTimeKeys.object(keyId));
        String room = "!call:example.org";
        var outbound = OutboundGroupSession.create(new Random(77));
        expectDecrypted(deliverToRust(java.encrypt(rustDevice, "m.room_key",
                MegolmRoomEvents.roomKeyContent(room, outbound))));
        JsonObject roomEvent = JsonObject.builder().put("type", "m.room.encrypted").put("sender", JAVA_USER)
                .put("event_id", "$e1").put("origin_server_ts", 1).put("room_id", room)
                .put("content", MegolmRoomEvents.encrypt(outbound, room, "m.room.message",
                        JsonObject.builder().put("body", "from java").put("msgtype", "m.text").build()))
                .build();
        JsonObject decrypted = rust.call("decrypt_room_event", JsonObject.builder().put("room_id", room)
                .put("event", roomEvent).build()).object("event");
        assertThat(decrypted.object("content").string("body")).isEqualTo("from java");

        rust.call("add_device", JsonObject.builder().put("device_keys", java.deviceKeys()).build());
        JsonObject shared = rust.call("share_and_encrypt_room_event", JsonObject.builder().put("room_id", room)
                .put("users", JsonValue.ofStrings(List.of(JAVA_USER))).put("type", "m.room.message")
                .put("content", JsonObject.builder().put("body", "from rust").put("msgtype", "m.text").build())
                .build());
        JsonObject toJava = (JsonObject) shared.array("to_device").elements().getFirst();
        DecryptedToDevice roomKey = java.decrypt(RUST_USER, toJava.object("content"), key -> Optional.of(rustDevice));
        assertThat(roomKey.type()).isEqualTo("m.room_key");
        MegolmRoomEvents.RoomKey key = MegolmRoomEvents.parseRoomKey(roomKey.content());
        MegolmRoomEvents.DecryptedRoomEvent event = MegolmRoomEvents.decrypt(key.session(), room,
                shared.object("content"));
        assertThat(event.type()).isEqualTo("m.room.message");
        assertThat(event.content().string("body")).isEqualTo("from rust");
    }
}
