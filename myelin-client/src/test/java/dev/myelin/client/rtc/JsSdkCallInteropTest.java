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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * A real matrix-js-sdk 43 MatrixRTCSession (Rust crypto, in Node: interop/matrix-js-sdk/rtc-keys.mjs) and a Myelin
 * participant in one encrypted room on the Myelin homeserver: each sees the other and receives the other's media key
 * over Olm.
 */
class JsSdkCallInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void jsSdkSessionAndMyelinParticipant_exchangeMediaKeysBothWays() throws Exception {
        Path folder = Path.of(System.getProperty("myelin.vectors", "../test-vectors")).toAbsolutePath().getParent()
                .resolve("interop/matrix-js-sdk");
        assertThat(folder.resolve("node_modules/matrix-js-sdk")).as(
                "npm packages in %s (./myelin test runs npm ci there; Node 20+ is required)", folder).isDirectory();
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("interop.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build())) {
            Session java = MatrixClient.connect(homeserver.baseUri()).register("java", "pw");
            RoomId room = java.createRoom(Json.parseObject("""
                    {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
                     "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}"""));
            Path log = Files.createTempFile("rtc-keys", ".log");
            Process node = new ProcessBuilder("node", "rtc-keys.mjs", homeserver.baseUri().toString(), room.value(),
                    Long.toString(WAIT.toSeconds() * 2)).directory(folder.toFile()).redirectError(log.toFile()).start();
            BlockingQueue<JsonObject> steps = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> readSteps(node, steps));
            List<JsonObject> seen = new ArrayList<>();
            BlockingQueue<CallEvent> javaEvents = new LinkedBlockingQueue<>();
            try {
                JsonObject jsJoined = awaitStep(steps, seen, s -> s.string("step").equals("joined"), log);
                String jsUser = jsJoined.string("user");
                String jsDevice = jsJoined.string("device");

                var device = E2eeDevice.create(java, new SecureRandom());
                device.publishKeys();
                var own = new MembershipContents.Own(java.user(), java.device(), java.user() + ":" + java.device(),
                        SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk.example/livekit/jwt")),
                        FocusSelection.OLDEST_MEMBERSHIP, Optional.empty());
                try (var call = new CallParticipant(java, device, room, own, MembershipRuntime.Dialect.LEGACY,
                        LifecycleConfig.jsSdkDefaults().withDelayedEvents(false), KeyPolicyConfig.defaults(),
                        InstantSource.system(), javaEvents::add)) {
                    call.start();

                    JsonObject jsGotKey = awaitStep(steps, seen, s -> s.string("step").equals("key_received")
                            && s.string("user").equals(java.user().toString()), log);
                    CallEvent.KeyReceived javaGotKey = awaitKey(javaEvents, jsUser);

                    assertThat(jsGotKey.string("device")).isEqualTo(java.device().value());
                    assertThat(jsGotKey.integer("length")).isEqualTo(16);
                    assertThat(jsGotKey.string("identity")).isEqualTo(java.user() + ":" + java.device());
                    assertThat(javaGotKey.deviceId()).isEqualTo(jsDevice);
                    call.leave(Duration.ofSeconds(10));
                }
            } finally {
                node.getOutputStream().close();
                if (!node.waitFor(20, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
                Files.deleteIfExists(log);
            }
        }
    }

    private static void readSteps(Process node, BlockingQueue<JsonObject> steps) {
        try (var reader = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("{")) {
                    steps.add(Json.parseObject(line));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static JsonObject awaitStep(BlockingQueue<JsonObject> steps, List<JsonObject> seen,
            Predicate<JsonObject> wanted, Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<JsonObject> match = seen.stream().filter(wanted).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            long left = deadline - System.nanoTime();
            JsonObject step = left > 0 ? steps.poll(left, TimeUnit.NANOSECONDS) : null;
            if (step == null) {
                List<String> lines = Files.readAllLines(log);
                throw new AssertionError("no matching js-sdk step within " + WAIT + "; saw " + seen + "; log tail:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
            if (step.string("step").equals("failed")) {
                throw new AssertionError("js-sdk participant failed: " + step);
            }
            seen.add(step);
        }
    }

    private static CallEvent.KeyReceived awaitKey(BlockingQueue<CallEvent> events, String fromUser)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<CallEvent> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            CallEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            seen.add(event);
            if (event instanceof CallEvent.KeyReceived key && key.userId().equals(fromUser)) {
                return key;
            }
        }
        throw new AssertionError("Myelin received no key from " + fromUser + "; its events: " + seen);
    }
}
