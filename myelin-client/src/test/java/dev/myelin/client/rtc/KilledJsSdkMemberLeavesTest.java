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
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.rtc.FocusSelection;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.SlotId;
import dev.myelin.protocol.rtc.Transport;
import dev.myelin.protocol.rtc.lifecycle.LifecycleConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A matrix-js-sdk 43 MatrixRTC member schedules its delayed leave on the Myelin homeserver (MSC4140); when its Node
 * process is killed, the server sends the leave and a Myelin participant sees the member go after the delay.
 */
class KilledJsSdkMemberLeavesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** js-sdk's delayed-leave delay is 8 s; the leave must be seen within that plus 5 s. */
    private static final long DELAY_PLUS_GRACE_MS = 8_000 + 5_000;

    @TempDir
    Path data;

    @Test
    void killedJsSdkMember_isSeenLeavingAfterItsDelayedLeaveFires() throws Exception {
        killAndWatch(MembershipRuntime.Dialect.LEGACY, "{\"preset\":\"public_chat\"}");
    }

    /** js-sdk's sticky join arrives Megolm-encrypted, its delayed leave in clear: they must meet under one key. */
    @Test
    void killedStickyJsSdkMemberInEncryptedRoom_isSeenLeavingAfterItsClearDelayedLeaveFires() throws Exception {
        killAndWatch(MembershipRuntime.Dialect.STICKY, """
                {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
                 "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}""");
    }

    private void killAndWatch(MembershipRuntime.Dialect dialect, String createRoom) throws Exception {
        boolean sticky = dialect == MembershipRuntime.Dialect.STICKY;
        Path folder = Path.of(System.getProperty("myelin.vectors", "../test-vectors")).toAbsolutePath().getParent()
                .resolve("interop/matrix-js-sdk");
        assertThat(folder.resolve("node_modules/matrix-js-sdk")).as("npm packages in %s", folder).isDirectory();
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("jskill.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build())) {
            Session java = MatrixClient.connect(homeserver.baseUri()).register("java", "pw");
            RoomId room = java.createRoom(Json.parseObject(createRoom));
            Process node = new ProcessBuilder("node", "rtc-keys.mjs", homeserver.baseUri().toString(), room.value(),
                    "120", sticky ? "sticky" : "legacy").directory(folder.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            var jsJoined = new CountDownLatch(1);
            String[] jsUser = new String[1];
            Thread.ofVirtual().start(() -> watchJoined(node, jsUser, jsJoined));
            BlockingQueue<CallEvent> events = new LinkedBlockingQueue<>();
            var device = E2eeDevice.create(java, new SecureRandom());
            device.publishKeys();
            var own = new MembershipContents.Own(java.user(), java.device(),
                    sticky ? java.user() + ":" + java.device() + ":call" : java.user() + ":" + java.device(),
                    SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk.example/livekit/jwt")),
                    sticky ? FocusSelection.MULTI_SFU : FocusSelection.OLDEST_MEMBERSHIP, Optional.empty());
            try (var call = new CallParticipant(java, device, room, own, dialect,
                    LifecycleConfig.jsSdkDefaults(), KeyPolicyConfig.defaults(), InstantSource.system(), events::add)) {
                call.start();
                assertThat(jsJoined.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("js-sdk joined").isTrue();
                await(events, event -> event instanceof CallEvent.MemberJoined joined
                        && joined.userId().equals(jsUser[0]));

                node.destroyForcibly();
                assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
                long killedAt = System.nanoTime();
                await(events, event -> event instanceof CallEvent.MemberLeft left && left.userId().equals(jsUser[0]));
                long leftAfterMs = (System.nanoTime() - killedAt) / 1_000_000;

                System.out.println("Myelin saw the killed " + dialect + " js-sdk member leave after " + leftAfterMs
                        + " ms");
                assertThat(leftAfterMs).isLessThanOrEqualTo(DELAY_PLUS_GRACE_MS);
            } finally {
                node.destroyForcibly();
            }
        }
    }

    private static void watchJoined(Process node, String[] user, CountDownLatch joined) {
        try (var reader = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("{") && Json.parseObject(line).string("step").equals("joined")) {
                    user[0] = Json.parseObject(line).string("user");
                    joined.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static void await(BlockingQueue<CallEvent> events, java.util.function.Predicate<CallEvent> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            CallEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && wanted.test(event)) {
                return;
            }
        }
        throw new AssertionError("no matching call event within " + WAIT);
    }
}
