package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.RateLimit;
import dev.myelin.homeserver.events.EventHashing;
import dev.myelin.homeserver.http.RateLimiter;
import dev.myelin.homeserver.events.Redaction;
import dev.myelin.homeserver.events.RoomVersion;
import dev.myelin.homeserver.events.ServerSigningKey;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.homeserver.storage.jdbc.SqliteStorage;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.id.UserId;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Stored events are real Matrix PDUs: id = reference hash, valid content hash, signature by the server key. */
class PduTest {
    private static final ServerName HS = ServerName.of("pdu.test");
    private static final UserId ALICE = UserId.parse("@alice:pdu.test");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void createdRoomEvents_haveReferenceHashIdsValidHashesAndVerifiableSignatures(RoomVersion version)
            throws Exception {
        var key = ServerSigningKey.loadOrCreate(dir, new SecureRandom());
        try (var storage = SqliteStorage.open(dir.resolve("db"), 1, 0)) {
            var service = new RoomService(HS, storage, key, new StreamNotifier(), InstantSource.system(),
                    new RateLimiter(RateLimit.MESSAGES, InstantSource.system()));
            var plan = RoomCreation.plan(ALICE, JsonObject.builder().put("room_version", version.id()).build(),
                    RoomVersion.DEFAULT);
            List<StoredEvent> events = service.createRoom(RoomId.parse("!room:pdu.test"), plan.version(), ALICE,
                    plan.drafts());

            for (StoredEvent event : events) {
                JsonObject pdu = event.pdu();
                assertThat(EventHashing.eventId(pdu, version)).isEqualTo(event.eventId());
                assertThat(pdu.object("hashes").string("sha256")).isEqualTo(EventHashing.contentHash(pdu));
                String signature = pdu.object("signatures").object("pdu.test").string(key.keyId());
                assertThat(verify(key, Json.canonicalBytes(Redaction.redact(pdu, version).without("signatures")),
                        signature)).as("signature of %s", event.type()).isTrue();
            }
            assertThat(events.get(1).pdu().array("prev_events").strings()).containsExactly(events.get(0).eventId());
            assertThat(events.get(2).pdu().array("auth_events").strings())
                    .contains(events.get(0).eventId(), events.get(1).eventId());
            assertThat(events.get(2).depth()).isEqualTo(3);
        }
    }

    private static boolean verify(ServerSigningKey key, byte[] message, String signatureBase64) throws Exception {
        byte[] raw = Base64.getDecoder().decode(key.publicKeyBase64());
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] encoded = new byte[spki.length + raw.length];
        System.arraycopy(spki, 0, encoded, 0, spki.length);
        System.arraycopy(raw, 0, encoded, spki.length, raw.length);
        var verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded)));
        verifier.update(message);
        return verifier.verify(Base64.getDecoder().decode(signatureBase64));
    }
}
