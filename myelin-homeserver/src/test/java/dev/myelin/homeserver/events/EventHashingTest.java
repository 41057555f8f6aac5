package dev.myelin.homeserver.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known answers from the specification's appendix ("Signing Events", signing-key example seed). */
class EventHashingTest {
    private static final ServerSigningKey SPEC_KEY = ServerSigningKey.fromSeed("1", SecretBytes.copyOf(
            Base64.getDecoder().decode("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1")));

    @Test
    void specKey_hasTheSpecPublicKeyAndSignsEmptyObjectAsTheSpecSays() {
        assertThat(SPEC_KEY.keyId()).isEqualTo("ed25519:1");
        assertThat(SPEC_KEY.publicKeyBase64()).isEqualTo("XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI");
        assertThat(SPEC_KEY.sign("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(
                "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ");
    }

    @Test
    void specKey_signsWithOpenSslWhenLibCryptoLoads_sameSignaturesAsTheJdk() {
        ServerSigningKey jdk = ServerSigningKey.fromSeed("1", SecretBytes.copyOf(
                Base64.getDecoder().decode("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1")), Ed25519Engine.jdk());
        byte[] message = "{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(SPEC_KEY.engineName()).isEqualTo("openssl");
        assertThat(jdk.engineName()).isEqualTo("jdk");
        assertThat(SPEC_KEY.sign(message)).isEqualTo(jdk.sign(message));
        assertThat(SPEC_KEY.publicKeyBase64()).isEqualTo(jdk.publicKeyBase64());
        assertThat(SPEC_KEY.toString()).doesNotContain("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1");
    }

    @Test
    void minimalEvent_hashesAndSignsAsTheSpecExample_underV10Rules() {
        JsonObject event = Json.parseObject("""
                {"room_id":"!x:domain","sender":"@a:domain","origin":"domain","origin_server_ts":1000000,
                 "signatures":{},"hashes":{},"type":"X","content":{},"prev_events":[],"auth_events":[],"depth":3,
                 "unsigned":{"age_ts":1000000}}""");

        JsonObject signed = EventHashing.hashAndSign(event.without("signatures", "hashes"), RoomVersion.V10,
                "domain", SPEC_KEY);

        assertThat(signed.object("hashes").string("sha256")).isEqualTo("5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos");
        assertThat(signed.object("signatures").object("domain").string("ed25519:1")).isEqualTo(
                "KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg");
        assertThat(signed.object("unsigned").integer("age_ts")).isEqualTo(1000000);
    }

    @Test
    void messageEvent_signatureCoversOnlyTheRedactedForm_underV10Rules() {
        JsonObject event = Json.parseObject("""
                {"content":{"body":"Here is the message content"},"event_id":"$0:domain","origin":"domain",
                 "origin_server_ts":1000000,"type":"m.room.message","room_id":"!r:domain","sender":"@u:domain",
                 "unsigned":{"age_ts":1000000}}""");

        JsonObject signed = EventHashing.hashAndSign(event, RoomVersion.V10, "domain", SPEC_KEY);

        assertThat(signed.object("hashes").string("sha256")).isEqualTo("onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g");
        assertThat(signed.object("signatures").object("domain").string("ed25519:1")).isEqualTo(
                "Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA");
    }

    @Test
    void v11_stopsProtectingOrigin_soTheSameEventSignsDifferently() {
        JsonObject event = Json.parseObject("""
                {"room_id":"!x:domain","sender":"@a:domain","origin":"domain","origin_server_ts":1000000,
                 "type":"X","content":{},"prev_events":[],"auth_events":[],"depth":3}""");

        JsonObject v10 = EventHashing.hashAndSign(event, RoomVersion.V10, "domain", SPEC_KEY);
        JsonObject v11 = EventHashing.hashAndSign(event, RoomVersion.V11, "domain", SPEC_KEY);

        assertThat(v10.object("hashes")).isEqualTo(v11.object("hashes"));
        assertThat(v10.object("signatures")).isNotEqualTo(v11.object("signatures"));
        assertThat(Redaction.redact(v10, RoomVersion.V10).has("origin")).isTrue();
        assertThat(Redaction.redact(v11, RoomVersion.V11).has("origin")).isFalse();
    }

    @Test
    void eventId_isTheUrlSafeReferenceHashAndIgnoresUnsignedAndRedactableContent() {
        JsonObject event = EventHashing.hashAndSign(Json.parseObject("""
                {"room_id":"!r:hs","sender":"@a:hs","origin_server_ts":5,"type":"m.room.message",
                 "content":{"body":"hi"},"prev_events":[],"auth_events":[],"depth":4}"""), RoomVersion.V10, "hs",
                SPEC_KEY);

        String id = EventHashing.eventId(event, RoomVersion.V10);

        assertThat(id).matches("\\$[A-Za-z0-9_-]{43}");
        assertThat(EventHashing.eventId(event.with("unsigned", JsonObject.builder().put("age", 1).build()),
                RoomVersion.V10)).isEqualTo(id);
        // The content hash is covered, so any content change changes the id.
        assertThat(EventHashing.eventId(EventHashing.hashAndSign(event.with("content",
                JsonObject.builder().put("body", "bye").build()).without("hashes", "signatures"), RoomVersion.V10,
                "hs", SPEC_KEY), RoomVersion.V10)).isNotEqualTo(id);
    }

    @Test
    void redaction_keepsTheProtectedContentPerVersion() {
        JsonObject create = Json.parseObject("""
                {"type":"m.room.create","content":{"creator":"@a:hs","room_version":"11","m.federate":true}}""");
        JsonObject power = Json.parseObject("""
                {"type":"m.room.power_levels","content":{"invite":50,"ban":50,"notifications":{"room":50}}}""");

        assertThat(Redaction.redact(create, RoomVersion.V10).object("content").members()).containsOnlyKeys("creator");
        assertThat(Redaction.redact(create, RoomVersion.V11).object("content").members())
                .containsOnlyKeys("creator", "room_version", "m.federate");
        assertThat(Redaction.redact(power, RoomVersion.V10).object("content").members()).containsOnlyKeys("ban");
        assertThat(Redaction.redact(power, RoomVersion.V11).object("content").members())
                .containsOnlyKeys("ban", "invite");
    }

    @Test
    void keyFile_isCreatedOnceAndReloadedToTheSameKey(@TempDir Path data) {
        var first = ServerSigningKey.loadOrCreate(data, new SecureRandom());
        var again = ServerSigningKey.loadOrCreate(data, new SecureRandom());

        assertThat(again.keyId()).isEqualTo(first.keyId()).matches("ed25519:a_[A-Za-z0-9]{4}");
        assertThat(again.publicKeyBase64()).isEqualTo(first.publicKeyBase64());
        assertThat(data.resolve(ServerSigningKey.FILE_NAME)).exists();
    }
}
