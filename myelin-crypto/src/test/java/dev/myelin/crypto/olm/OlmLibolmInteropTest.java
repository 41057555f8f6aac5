package dev.myelin.crypto.olm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.JsonSignatures;
import dev.myelin.crypto.JsonLinesPeer;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonString;
import dev.myelin.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Live interoperability with libolm 3.2 (python3-olm): sessions opened from either side, ratchet turns, gaps. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OlmLibolmInteropTest {
    private static JsonLinesPeer libolm;
    private OlmAccount java;
    private Curve25519PublicKey libolmCurve;
    private Ed25519PublicKey libolmEd;
    private int sessionCounter;

    @BeforeAll
    static void startPeer() {
        libolm = JsonLinesPeer.startLibolm();
    }

    @AfterAll
    static void stopPeer() {
        libolm.close();
    }

    @BeforeEach
    void accounts() {
        long seed = new Random().nextLong();
        System.out.println("OlmLibolmInteropTest seed " + seed);
        java = OlmAccount.create(new Random(seed));
        JsonObject keys = libolm.call("create_account", args("account", "bob"));
        libolmCurve = Curve25519PublicKey.fromBase64(keys.string("curve25519"));
        libolmEd = Ed25519PublicKey.fromBase64(keys.string("ed25519"));
    }

    static JsonObject args(Object... keysAndValues) {
        var builder = JsonObject.builder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            switch (keysAndValues[i + 1]) {
                case String s -> builder.put(key, s);
                case Integer n -> builder.put(key, n.longValue());
                case Long n -> builder.put(key, n);
                case JsonValue v -> builder.put(key, v);
                default -> throw new IllegalArgumentException(key);
            }
        }
        return builder.build();
    }

    /** Java starts a session to libolm with a claimed one-time key; returns the libolm session name. */
    private String javaOpensSessionTo(List<OlmSession> out, String firstText) {
        JsonObject otks = libolm.call("generate_one_time_keys", args("account", "bob", "count", 1)).object("keys");
        String otk = ((JsonString) otks.members().values().iterator().next()).value();
        OlmSession session = java.createOutboundSession(libolmCurve, Curve25519PublicKey.fromBase64(otk));
        OlmMessage first = session.encrypt(firstText.getBytes(UTF_8));
        assertThat(first.type()).isZero();
        String name = "s" + (++sessionCounter);
        JsonObject opened = libolm.call("inbound_session", args("account", "bob", "session", name,
                "identity_key", java.curve25519Key().toBase64(), "body", first.toBase64()));
        assertThat(opened.string("plaintext")).isEqualTo(firstText);
        assertThat(opened.string("session_id")).isEqualTo(session.sessionId());
        out.add(session);
        return name;
    }

    private String libolmDecrypt(String session, OlmMessage message) {
        return libolm.call("decrypt", args("session", session, "type", message.type(), "body", message.toBase64()))
                .string("plaintext");
    }

    private OlmMessage libolmEncrypt(String session, String text) {
        JsonObject m = libolm.call("encrypt", args("session", session, "plaintext", text));
        return OlmMessage.fromBase64((int) m.integer("type"), m.string("body"));
    }

    @Test
    void javaInitiates_libolmReplies_ratchetTurnsBothWays() {
        var sessions = new ArrayList<OlmSession>();
        String peer = javaOpensSessionTo(sessions, "hello libolm");
        OlmSession session = sessions.getFirst();
        OlmMessage stillPreKey = session.encrypt("second pre-key".getBytes(UTF_8));
        assertThat(stillPreKey.type()).isZero();
        assertThat(libolmDecrypt(peer, stillPreKey)).isEqualTo("second pre-key");

        for (int turn = 0; turn < 4; turn++) {
            OlmMessage reply = libolmEncrypt(peer, "libolm turn " + turn);
            assertThat(reply.type()).isEqualTo(1);
            assertThat(new String(session.decrypt(reply), UTF_8)).isEqualTo("libolm turn " + turn);
            OlmMessage answer = session.encrypt(("java turn " + turn).getBytes(UTF_8));
            assertThat(answer.type()).isEqualTo(1);
            assertThat(libolmDecrypt(peer, answer)).isEqualTo("java turn " + turn);
        }
    }

    @Test
    void libolmInitiates_javaReplies_ratchetTurnsBothWays() {
        java.generateOneTimeKeys(2);
        Curve25519PublicKey otk = java.unpublishedOneTimeKeys().values().iterator().next();
        java.markKeysAsPublished();
        String opened = libolm.call("outbound_session", args("account", "bob", "session", "alice",
                "identity_key", java.curve25519Key().toBase64(), "one_time_key", otk.toBase64())).string("session_id");
        OlmMessage first = libolmEncrypt("alice", "hello java");
        assertThat(first).isInstanceOf(PreKeyMessage.class);

        InboundSession inbound = java.createInboundSession(libolmCurve, (PreKeyMessage) first);
        OlmSession session = inbound.session();
        assertThat(new String(inbound.plaintext(), UTF_8)).isEqualTo("hello java");
        assertThat(session.sessionId()).isEqualTo(opened);
        assertThat(java.unpublishedOneTimeKeys()).isEmpty();
        assertThat(java.oneTimeKeys).hasSize(1);

        OlmMessage secondPreKey = libolmEncrypt("alice", "second");
        assertThat(session.matches((PreKeyMessage) secondPreKey)).isTrue();
        assertThat(new String(session.decrypt(secondPreKey), UTF_8)).isEqualTo("second");
        assertThat(libolm.call("matches", args("session", "alice", "body", secondPreKey.toBase64(),
                "identity_key", libolmCurve.toBase64())).bool("matches")).isTrue();

        for (int turn = 0; turn < 4; turn++) {
            OlmMessage answer = session.encrypt(("java turn " + turn).getBytes(UTF_8));
            assertThat(libolmDecrypt("alice", answer)).isEqualTo("java turn " + turn);
            OlmMessage reply = libolmEncrypt("alice", "libolm turn " + turn);
            assertThat(new String(session.decrypt(reply), UTF_8)).isEqualTo("libolm turn " + turn);
        }
    }

    @Test
    void outOfOrderAndSkippedMessages_decryptOnBothSides() {
        var sessions = new ArrayList<OlmSession>();
        String peer = javaOpensSessionTo(sessions, "start");
        OlmSession session = sessions.getFirst();

        var fromLibolm = new ArrayList<OlmMessage>();
        for (int i = 0; i < 8; i++) {
            fromLibolm.add(libolmEncrypt(peer, "l" + i));
        }
        for (int i : new int[] {7, 0, 3, 5, 1}) {
            assertThat(new String(session.decrypt(fromLibolm.get(i)), UTF_8)).isEqualTo("l" + i);
        }
        var fromJava = new ArrayList<OlmMessage>();
        for (int i = 0; i < 8; i++) {
            fromJava.add(session.encrypt(("j" + i).getBytes(UTF_8)));
        }
        for (int i : new int[] {6, 2, 0, 7, 4}) {
            assertThat(libolmDecrypt(peer, fromJava.get(i))).isEqualTo("j" + i);
        }
        // Messages from the previous chain, delivered after the ratchet moved on, still decrypt.
        assertThat(new String(session.decrypt(fromLibolm.get(6)), UTF_8)).isEqualTo("l6");
        assertThat(libolmDecrypt(peer, fromJava.get(1))).isEqualTo("j1");
        assertThatThrownBy(() -> session.decrypt(fromLibolm.get(6))).isInstanceOf(OlmException.class);
    }

    @Test
    void tamperedJavaMessage_isRejectedByLibolm() {
        var sessions = new ArrayList<OlmSession>();
        String peer = javaOpensSessionTo(sessions, "start");
        NormalMessage reply = (NormalMessage) libolmEncrypt(peer, "reply");
        sessions.getFirst().decrypt(reply);
        byte[] bytes = sessions.getFirst().encrypt("x".getBytes(UTF_8)).toBytes();
        bytes[bytes.length - 1] ^= 1;
        OlmMessage tampered = NormalMessage.decode(bytes);
        assertThatThrownBy(() -> libolmDecrypt(peer, tampered)).isInstanceOf(JsonLinesPeer.PeerError.class)
                .hasMessageContaining("BAD_MESSAGE_MAC");
    }

    @Test
    void signatures_verifyAcrossImplementations() {
        JsonObject deviceKeys = java.deviceKeys("@java:example.org", "JAVADEV");
        String canonical = new String(JsonSignatures.signingBytes(deviceKeys), UTF_8);
        String signature = JsonSignatures.signature(deviceKeys, "@java:example.org", "ed25519:JAVADEV")
                .orElseThrow().toBase64();
        assertThat(libolm.call("verify", args("key", java.ed25519Key().toBase64(), "message", canonical,
                "signature", signature)).bool("valid")).isTrue();
        assertThat(Json.canonical(deviceKeys.without("signatures")))
                .startsWith("{\"algorithms\":[\"m.olm.v1.curve25519-aes-sha2\",\"m.megolm.v1.aes-sha2\"]");

        String libolmSignature = libolm.call("sign", args("account", "bob", "message", canonical)).string("signature");
        assertThat(libolmEd.verify(canonical.getBytes(UTF_8), Ed25519Signature.fromBase64(libolmSignature))).isTrue();
    }

    @Test
    void toDeviceEvents_travelBothWaysBetweenOlmDeviceAndLibolm() {
        var device = new OlmDevice("@java:example.org", "JAVADEV", java);
        var libolmDevice = new DeviceIdentity("@bob:example.org", "BOBDEV", libolmCurve, libolmEd);
        JsonObject otks = libolm.call("generate_one_time_keys", args("account", "bob", "count", 1)).object("keys");
        var keyId = otks.members().keySet().iterator().next();
        JsonObject unsignedKey = JsonObject.builder().put("key", otks.string(keyId)).build();
        String signature = libolm.call("sign", args("account", "bob", "message",
                new String(JsonSignatures.signingBytes(unsignedKey), UTF_8))).string("signature");
        JsonObject claimed = JsonSignatures.withSignature(unsignedKey, "@bob:example.org", "ed25519:BOBDEV",
                Ed25519Signature.fromBase64(signature));
        device.createOutboundSession(libolmDevice, claimed);

        JsonObject keys = JsonObject.builder().put("call_id", "").build();
        JsonObject content = device.encrypt(libolmDevice, "io.element.call.encryption_keys", keys);
        JsonObject entry = content.object("ciphertext").object(libolmCurve.toBase64());
        JsonObject opened = libolm.call("inbound_session", args("account", "bob", "session", "todevice",
                "identity_key", content.string("sender_key"), "body", entry.string("body")));
        JsonObject plaintext = Json.parseObject(opened.string("plaintext"));
        assertThat(plaintext.string("type")).isEqualTo("io.element.call.encryption_keys");
        assertThat(plaintext.object("content")).isEqualTo(keys);
        assertThat(plaintext.string("recipient")).isEqualTo("@bob:example.org");
        assertThat(plaintext.object("recipient_keys").string("ed25519")).isEqualTo(libolmEd.toBase64());
        assertThat(plaintext.object("keys").string("ed25519")).isEqualTo(java.ed25519Key().toBase64());
        assertThat(DeviceIdentity.fromSignedDeviceKeys(plaintext.object("sender_device_keys")))
                .isEqualTo(device.identity());

        String replyPlaintext = Json.write(JsonObject.builder()
                .put("type", "m.room_key")
                .put("content", JsonObject.builder().put("session_id", "abc").build())
                .put("sender", "@bob:example.org")
                .put("recipient", "@java:example.org")
                .put("recipient_keys", JsonObject.builder().put("ed25519", java.ed25519Key().toBase64()).build())
                .put("keys", JsonObject.builder().put("ed25519", libolmEd.toBase64()).build())
                .put("org.example.unknown", true)
                .build());
        JsonObject reply = libolm.call("encrypt", args("session", "todevice", "plaintext", replyPlaintext));
        JsonObject replyContent = JsonObject.builder()
                .put("algorithm", "m.olm.v1.curve25519-aes-sha2")
                .put("sender_key", libolmCurve.toBase64())
                .put("ciphertext", JsonObject.builder().put(java.curve25519Key().toBase64(), JsonObject.builder()
                        .put("type", reply.integer("type")).put("body", reply.string("body")).build()).build())
                .put("org.matrix.msgid", "m1")
                .build();
        DecryptedToDevice event = device.decrypt("@bob:example.org", replyContent,
                key -> key.equals(libolmCurve) ? Optional.of(libolmDevice) : Optional.empty());
        assertThat(event.type()).isEqualTo("m.room_key");
        assertThat(event.content().string("session_id")).isEqualTo("abc");
        assertThat(event.sender()).isEqualTo(libolmDevice);
        assertThatThrownBy(() -> device.decrypt("@bob:example.org", replyContent, key -> Optional.empty()))
                .isInstanceOf(OlmException.class);
    }

    @Test
    void fallbackKeys_openSessionsBothWays() {
        JsonObject fallback = libolm.call("generate_fallback_key", args("account", "bob")).object("keys");
        String libolmFallback = ((JsonString) fallback.members().values().iterator().next()).value();
        OlmSession toLibolm = java.createOutboundSession(libolmCurve, Curve25519PublicKey.fromBase64(libolmFallback));
        OlmMessage first = toLibolm.encrypt("via fallback".getBytes(UTF_8));
        assertThat(libolm.call("inbound_session", args("account", "bob", "session", "fb", "identity_key",
                java.curve25519Key().toBase64(), "body", first.toBase64())).string("plaintext")).isEqualTo("via fallback");

        java.generateFallbackKey();
        Curve25519PublicKey javaFallback = java.unpublishedFallbackKey().values().iterator().next();
        for (String name : new String[] {"fbA", "fbB"}) {
            libolm.call("outbound_session", args("account", "bob", "session", name,
                    "identity_key", java.curve25519Key().toBase64(), "one_time_key", javaFallback.toBase64()));
            OlmMessage message = libolmEncrypt(name, "to java fallback " + name);
            assertThat(new String(java.createInboundSession(libolmCurve, (PreKeyMessage) message).plaintext(), UTF_8))
                    .isEqualTo("to java fallback " + name);
        }
    }
}
