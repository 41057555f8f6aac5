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
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A js-sdk 43 member and two Myelin members in one encrypted sticky-dialect call; one Myelin member leaves, and the two
 * who remain rotate: each receives the other's new media key (a higher index than any it had before the leave).
 */
class JsSdkKeyRotationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void myelinMemberLeavesEncryptedStickyCall_jsSdkAndRemainingMyelinMemberRotateKeysToEachOther()
            throws Exception {
        JsSdkPeer.folder();
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("rotate.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build())) {
            MatrixClient client = MatrixClient.connect(homeserver.baseUri());
            Session stays = client.register("stays", "pw");
            Session leaves = client.register("leaves", "pw");
            RoomId room = stays.createRoom(Json.parseObject("""
                    {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
                     "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}"""));
            leaves.join(room.value());
            BlockingQueue<CallEvent> staysEvents = new LinkedBlockingQueue<>();
            List<CallEvent> staysSeen = new ArrayList<>();
            try (var js = JsSdkPeer.start(List.of(homeserver.baseUri().toString(), room.value(),
                    Long.toString(WAIT.toSeconds() * 3), "sticky"), WAIT);
                    var staysCall = participant(stays, room, staysEvents::add);
                    var leavesCall = participant(leaves, room, event -> { })) {
                String jsUser = js.await(s -> s.string("step").equals("joined")).string("user");
                staysCall.start();
                leavesCall.start();
                js.await(s -> keyFrom(s, stays));
                js.await(s -> keyFrom(s, leaves));
                await(staysEvents, staysSeen, e -> e instanceof CallEvent.KeyReceived k && k.userId().equals(jsUser));
                staysEvents.drainTo(staysSeen);
                int jsHadFromStays = maxIndex(js.seen(), stays);
                int staysHadFromJs = staysSeen.stream().mapToInt(e -> e instanceof CallEvent.KeyReceived k
                        && k.userId().equals(jsUser) ? k.index() : -1).max().orElse(-1);

                leavesCall.leave(WAIT);

                await(staysEvents, staysSeen, e -> e instanceof CallEvent.MemberLeft left
                        && left.userId().equals(leaves.user().toString()));
                var rotatedFromJs = (CallEvent.KeyReceived) await(staysEvents, staysSeen,
                        e -> e instanceof CallEvent.KeyReceived k && k.userId().equals(jsUser)
                                && k.index() > staysHadFromJs);
                JsonObject rotatedFromStays = js.await(s -> keyFrom(s, stays) && s.integer("index") > jsHadFromStays);
                js.await(s -> s.string("step").equals("members") && s.array("members").objects().stream()
                        .noneMatch(m -> m.string("user").equals(leaves.user().toString())));

                assertThat(rotatedFromJs.index()).isGreaterThan(staysHadFromJs);
                assertThat(rotatedFromStays.integer("index")).isGreaterThan(jsHadFromStays);
                staysCall.leave(Duration.ofSeconds(10));
            }
        }
    }

    private static boolean keyFrom(JsonObject step, Session member) {
        return step.string("step").equals("key_received") && step.string("user").equals(member.user().toString());
    }

    private static int maxIndex(List<JsonObject> steps, Session member) {
        return steps.stream().filter(s -> keyFrom(s, member)).mapToInt(s -> (int) s.integer("index")).max()
                .orElse(-1);
    }

    private static CallParticipant participant(Session session, RoomId room,
            java.util.function.Consumer<CallEvent> events) {
        var device = E2eeDevice.create(session, new SecureRandom());
        device.publishKeys();
        var own = new MembershipContents.Own(session.user(), session.device(), UUID.randomUUID().toString(),
                SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk.example/livekit/jwt")),
                FocusSelection.MULTI_SFU, Optional.empty());
        return new CallParticipant(session, device, room, own, MembershipRuntime.Dialect.STICKY,
                LifecycleConfig.jsSdkDefaults().withDelayedEvents(false), KeyPolicyConfig.defaults(),
                InstantSource.system(), events);
    }

    private static CallEvent await(BlockingQueue<CallEvent> events, List<CallEvent> seen, Predicate<CallEvent> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<CallEvent> match = seen.stream().filter(wanted).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            long left = deadline - System.nanoTime();
            CallEvent event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("no matching Myelin event within " + WAIT + "; saw " + seen);
            }
            seen.add(event);
        }
    }
}
