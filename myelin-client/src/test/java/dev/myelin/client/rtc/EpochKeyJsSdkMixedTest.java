package dev.myelin.client.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.Session;
import dev.myelin.client.e2ee.E2eeDevice;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.Homeserver;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Myelin members in epoch mode and a real matrix-js-sdk 43 MatrixRTCSession (interop/matrix-js-sdk/rtc-keys.mjs)
 * in one encrypted call: the Myelin members derive each other's keys from one epoch, and js-sdk, which does not
 * advertise the capability, still receives a per-sender key from each of them and sends them its own.
 */
class EpochKeyJsSdkMixedTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    private static CallParticipant epochMember(Session session, RoomId room, BlockingQueue<CallEvent> events) {
        var device = E2eeDevice.create(session, new SecureRandom());
        device.publishKeys();
        var own = new MembershipContents.Own(session.user(), session.device(), session.user() + ":" + session.device(),
                SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk.example/livekit/jwt")),
                FocusSelection.OLDEST_MEMBERSHIP, Optional.empty());
        return new CallParticipant(session, device, room, own, MembershipRuntime.Dialect.LEGACY,
                LifecycleConfig.jsSdkDefaults().withDelayedEvents(false), KeyPolicyConfig.defaults(),
                CallParticipant.KeyMode.EPOCH, InstantSource.system(), events::add);
    }

    /** Finds a key from {@code user} among events seen so far or still to come (events are kept, not consumed). */
    private static CallEvent.KeyReceived awaitKeyFrom(BlockingQueue<CallEvent> events, List<CallEvent> seen,
            String user) throws InterruptedException {
        Predicate<CallEvent> wanted = e -> e instanceof CallEvent.KeyReceived k && k.userId().equals(user);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<CallEvent> match = seen.stream().filter(wanted).findFirst();
            if (match.isPresent()) {
                return (CallEvent.KeyReceived) match.get();
            }
            long left = deadline - System.nanoTime();
            CallEvent event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("no key from " + user + " within " + WAIT + "; saw " + seen);
            }
            seen.add(event);
        }
    }

    @Test
    void twoEpochMembersAndJsSdk_myelinDerivesEachOthersKeysAndJsSdkGetsAndSendsPerSenderKeys() throws Exception {
        JsSdkPeer.folder();
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("mixed.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000)
                .authRateLimits(AuthRateLimits.RELAXED).build())) {
            var client = MatrixClient.connect(homeserver.baseUri());
            Session alice = client.register("alice", "pw");
            Session bob = client.register("bob", "pw");
            RoomId room = alice.createRoom(Json.parseObject("""
                    {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
                     "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}"""));
            bob.join(room.value());
            BlockingQueue<CallEvent> aliceEvents = new LinkedBlockingQueue<>();
            BlockingQueue<CallEvent> bobEvents = new LinkedBlockingQueue<>();
            var args = List.of(homeserver.baseUri().toString(), room.value(), Long.toString(WAIT.toSeconds() * 2),
                    "legacy");
            try (var aliceCall = epochMember(alice, room, aliceEvents);
                    var bobCall = epochMember(bob, room, bobEvents);
                    var js = JsSdkPeer.start(args, WAIT)) {
                JsonObject jsJoined = js.await(s -> s.string("step").equals("joined"));
                String jsUser = jsJoined.string("user");
                aliceCall.start();
                bobCall.start();

                var aliceSeen = new ArrayList<CallEvent>();
                var bobSeen = new ArrayList<CallEvent>();
                var bobFromAlice = awaitKeyFrom(bobEvents, bobSeen, alice.user().toString());
                var aliceFromBob = awaitKeyFrom(aliceEvents, aliceSeen, bob.user().toString());
                awaitKeyFrom(aliceEvents, aliceSeen, jsUser);
                awaitKeyFrom(bobEvents, bobSeen, jsUser);
                JsonObject jsFromAlice = js.await(s -> s.string("step").equals("key_received")
                        && s.string("user").equals(alice.user().toString()));
                JsonObject jsFromBob = js.await(s -> s.string("step").equals("key_received")
                        && s.string("user").equals(bob.user().toString()));

                assertThat(bobFromAlice.index()).isEqualTo(aliceFromBob.index()); // one epoch, one ring index
                assertThat(jsFromAlice.integer("length")).isEqualTo(16);
                assertThat(jsFromBob.integer("length")).isEqualTo(16);
                assertThat(jsFromAlice.string("device")).isEqualTo(alice.device().value());
                assertThat(jsFromBob.string("device")).isEqualTo(bob.device().value());
            }
        }
    }
}
