package dev.myelin.client.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.Session;
import dev.myelin.crypto.megolm.InboundRoomKeys;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Megolm room encryption between Myelin devices on a real homeserver. */
class RoomEncryptionTest {
    private static final String TYPE = "org.matrix.msc4143.rtc.member";
    private static final JsonObject CONTENT = JsonObject.builder().put("slot_id", "m.call#ROOM").build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;
    private Homeserver homeserver;
    private MatrixClient client;

    @BeforeEach
    void start() {
        homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("megolm.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build());
        client = MatrixClient.connect(homeserver.baseUri());
    }

    @AfterEach
    void stop() {
        homeserver.close();
    }

    private static E2eeDevice device(Session session) {
        var device = E2eeDevice.create(session, new SecureRandom());
        device.publishKeys();
        return device;
    }

    private static RoomEncryption encryption(Session session, E2eeDevice device, RoomId room) {
        return RoomEncryption.of(session, device, room, InstantSource.system(), new SecureRandom()).orElseThrow();
    }

    @Test
    void memberLeavesTheRoom_nextEventUsesANewSessionThatTheRemainingMemberDecrypts() throws Exception {
        Session alice = client.register("alice", "pw");
        Session bob = client.register("bob", "pw");
        Session carol = client.register("carol", "pw");
        RoomId room = alice.createRoom(Json.parseObject("""
                {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
                 "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}"""));
        bob.join(room.value());
        carol.join(room.value());
        E2eeDevice aliceDevice = device(alice);
        E2eeDevice bobDevice = device(bob);
        device(carol);
        RoomEncryption aliceRoom = encryption(alice, aliceDevice, room);
        RoomEncryption bobRoom = encryption(bob, bobDevice, room);

        JsonObject first = aliceRoom.encrypt(TYPE, CONTENT);
        JsonObject again = aliceRoom.encrypt(TYPE, CONTENT);
        carol.post("/_matrix/client/v3/rooms/" + room.value() + "/leave", JsonObject.EMPTY);
        JsonObject afterLeave = aliceRoom.encrypt(TYPE, CONTENT);

        assertThat(again.string("session_id")).isEqualTo(first.string("session_id"));
        assertThat(afterLeave.string("session_id")).isNotEqualTo(first.string("session_id"));
        receiveRoomKeys(bob, bobDevice, bobRoom, 2);
        var decrypted = bobRoom.decrypt(event(alice, "$after", afterLeave));
        assertThat(decrypted).isInstanceOfSatisfying(InboundRoomKeys.Result.Decrypted.class, d -> {
            assertThat(d.type()).isEqualTo(TYPE);
            assertThat(d.content()).isEqualTo(CONTENT);
            assertThat(d.sharedBy()).isEqualTo(aliceDevice.identity());
        });
        assertThat(bobRoom.decrypt(event(bob, "$forged", afterLeave)))
                .as("another user's event with alice's session").isInstanceOf(InboundRoomKeys.Result.Rejected.class);
    }

    @Test
    void deviceNewerThanTheLastEvent_isHandedItsKeyOnce_andTheSenderReadsItsOwnEvents() throws Exception {
        Session alice = client.register("alice", "pw");
        RoomId room = alice.createRoom(Json.parseObject("""
                {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
                 "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}"""));
        E2eeDevice aliceDevice = device(alice);
        RoomEncryption aliceRoom = encryption(alice, aliceDevice, room);
        JsonObject membership = aliceRoom.encrypt(TYPE, CONTENT);
        Session dave = client.register("dave", "pw");
        dave.join(room.value());
        E2eeDevice daveDevice = device(dave);
        RoomEncryption daveRoom = encryption(dave, daveDevice, room);

        var lateDevice = java.util.Map.of(dave.user(), Set.of(dave.device().value()));
        assertThat(aliceRoom.shareLastEventKey(lateDevice)).isOne();
        assertThat(aliceRoom.shareLastEventKey(lateDevice)).as("already has it").isZero();
        receiveRoomKeys(dave, daveDevice, daveRoom, 1);

        assertThat(daveRoom.decrypt(event(alice, "$membership", membership)))
                .isInstanceOf(InboundRoomKeys.Result.Decrypted.class);
        assertThat(aliceRoom.decrypt(event(alice, "$membership", membership)))
                .isInstanceOf(InboundRoomKeys.Result.Decrypted.class);
    }

    @Test
    void unencryptedRoom_hasNoRoomEncryption() {
        Session alice = client.register("alice", "pw");
        RoomId room = alice.createRoom(Json.parseObject("{\"preset\":\"public_chat\"}"));
        assertThat(RoomEncryption.of(alice, device(alice), room, InstantSource.system(), new SecureRandom()))
                .isEmpty();
    }

    private static JsonObject event(Session sender, String eventId, JsonObject content) {
        return JsonObject.builder().put("type", "m.room.encrypted").put("sender", sender.user().toString())
                .put("event_id", eventId).put("origin_server_ts", 1).put("content", content).build();
    }

    /** Syncs {@code session} until {@code count} room keys for the room have arrived. */
    private static void receiveRoomKeys(Session session, E2eeDevice device, RoomEncryption room, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Optional<String> since = Optional.empty();
        Set<String> sessions = new HashSet<>();
        while (sessions.size() < count) {
            assertThat(System.nanoTime()).as("room keys within %s", WAIT).isLessThan(deadline);
            JsonObject sync = session.sync(since, Duration.ofSeconds(2), Optional.empty());
            since = Optional.of(sync.string("next_batch"));
            List<JsonObject> events = sync.optionalObject("to_device").flatMap(t -> t.optionalArray("events"))
                    .map(a -> a.objects()).orElse(List.of());
            for (JsonObject event : events) {
                var decrypted = device.decrypt(event);
                if (room.onToDevice(decrypted)) {
                    sessions.add(decrypted.content().string("session_id"));
                }
            }
        }
    }
}
