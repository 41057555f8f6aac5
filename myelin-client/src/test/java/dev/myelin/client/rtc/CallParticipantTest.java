package dev.myelin.client.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.Session;
import dev.myelin.client.e2ee.E2eeDevice;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.rtc.FocusSelection;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.SlotId;
import dev.myelin.protocol.rtc.Transport;
import dev.myelin.protocol.rtc.lifecycle.LifecycleConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two Myelin participants in one call on a real homeserver: they see each other and exchange keys over Olm. */
class CallParticipantTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;
    private Homeserver homeserver;
    private MatrixClient client;

    @BeforeEach
    void start() {
        homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("call.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build());
        client = MatrixClient.connect(homeserver.baseUri());
    }

    @AfterEach
    void stop() {
        homeserver.close();
    }

    private static CallParticipant participant(Session session, RoomId room, BlockingQueue<CallEvent> events) {
        return participant(session, room, events, MembershipRuntime.Dialect.LEGACY);
    }

    private static CallParticipant participant(Session session, RoomId room, BlockingQueue<CallEvent> events,
            MembershipRuntime.Dialect dialect) {
        var device = E2eeDevice.create(session, new SecureRandom());
        device.publishKeys();
        String memberId = dialect == MembershipRuntime.Dialect.LEGACY ? session.user() + ":" + session.device()
                : UUID.randomUUID().toString();
        var own = new MembershipContents.Own(session.user(), session.device(), memberId, SlotId.ROOM_CALL,
                List.of(Transport.livekit("https://lk.example/livekit/jwt")), FocusSelection.OLDEST_MEMBERSHIP,
                Optional.of("audio"));
        return new CallParticipant(session, device, room, own, dialect,
                LifecycleConfig.jsSdkDefaults().withDelayedEvents(false), KeyPolicyConfig.defaults(),
                InstantSource.system(), events::add);
    }

    private static CallEvent await(BlockingQueue<CallEvent> events, Predicate<CallEvent> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            CallEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        throw new AssertionError("no matching call event within " + WAIT);
    }

    @Test
    void twoParticipants_seeEachOtherReceiveEachOthersKeysAndSeeTheLeave() throws Exception {
        Session alice = client.register("alice", "pw");
        Session bob = client.register("bob", "pw");
        RoomId room = alice.createRoom(JsonObject.builder().put("preset", "public_chat").build());
        bob.join(room.value());
        BlockingQueue<CallEvent> aliceEvents = new LinkedBlockingQueue<>();
        BlockingQueue<CallEvent> bobEvents = new LinkedBlockingQueue<>();

        try (var aliceCall = participant(alice, room, aliceEvents); var bobCall = participant(bob, room, bobEvents)) {
            aliceCall.start();
            bobCall.start();

            await(aliceEvents, e -> e instanceof CallEvent.MemberJoined joined
                    && joined.userId().equals(bob.user().toString()));
            await(bobEvents, e -> e instanceof CallEvent.MemberJoined joined
                    && joined.userId().equals(alice.user().toString()));
            var aliceGotKey = (CallEvent.KeyReceived) await(aliceEvents, e -> e instanceof CallEvent.KeyReceived);
            var bobGotKey = (CallEvent.KeyReceived) await(bobEvents, e -> e instanceof CallEvent.KeyReceived);
            assertThat(aliceGotKey.userId()).isEqualTo(bob.user().toString());
            assertThat(aliceGotKey.deviceId()).isEqualTo(bob.device().value());
            assertThat(bobGotKey.userId()).isEqualTo(alice.user().toString());

            aliceCall.leave(WAIT);
            await(aliceEvents, e -> e instanceof CallEvent.Left left && left.reason().equals("left"));
            await(bobEvents, e -> e instanceof CallEvent.MemberLeft left
                    && left.userId().equals(alice.user().toString()));
        }
    }

    @Test
    void stickyParticipantsInEncryptedRoom_exchangeMegolmMembershipsKeysAndTheLeave() throws Exception {
        Session alice = client.register("alice", "pw");
        Session bob = client.register("bob", "pw");
        RoomId room = alice.createRoom(Json.parseObject("""
                {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
                 "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}"""));
        bob.join(room.value());
        BlockingQueue<CallEvent> aliceEvents = new LinkedBlockingQueue<>();
        BlockingQueue<CallEvent> bobEvents = new LinkedBlockingQueue<>();
        var sticky = MembershipRuntime.Dialect.STICKY;

        try (var aliceCall = participant(alice, room, aliceEvents, sticky);
                var bobCall = participant(bob, room, bobEvents, sticky)) {
            aliceCall.start();
            bobCall.start();

            await(aliceEvents, e -> e instanceof CallEvent.MemberJoined joined
                    && joined.userId().equals(bob.user().toString()));
            await(bobEvents, e -> e instanceof CallEvent.MemberJoined joined
                    && joined.userId().equals(alice.user().toString()));
            var bobGotKey = (CallEvent.KeyReceived) await(bobEvents, e -> e instanceof CallEvent.KeyReceived);
            assertThat(bobGotKey.userId()).isEqualTo(alice.user().toString());

            aliceCall.leave(WAIT);
            await(bobEvents, e -> e instanceof CallEvent.MemberLeft left
                    && left.userId().equals(alice.user().toString()));
        }
        List<JsonObject> timeline = alice.get("/_matrix/client/v3/rooms/" + room.value() + "/messages",
                java.util.Map.of("dir", "b", "limit", "50")).array("chunk").objects();
        assertThat(timeline).filteredOn(e -> e.string("sender").equals(alice.user().toString()))
                .extracting(e -> e.string("type")).contains("m.room.encrypted")
                .doesNotContain("org.matrix.msc4143.rtc.member");
    }
}
