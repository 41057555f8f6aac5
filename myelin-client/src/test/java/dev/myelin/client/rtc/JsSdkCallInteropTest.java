package dev.myelin.client.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.Session;
import dev.myelin.client.e2ee.E2eeDevice;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.rtc.FocusSelection;
import dev.myelin.protocol.rtc.LiveKitNames;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real matrix-js-sdk 43 MatrixRTCSession (Rust crypto, in Node: interop/matrix-js-sdk/rtc-keys.mjs) and a Myelin
 * participant in one room on the Myelin homeserver, in either membership dialect: each sees the other and receives
 * the other's media key over Olm.
 */
class JsSdkCallInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PLAIN_ROOM = """
            {"preset":"public_chat"}""";
    private static final String ENCRYPTED_ROOM = """
            {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
             "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}""";

    @TempDir
    Path data;

    @Test
    void legacyDialectInEncryptedRoom_exchangesMediaKeysBothWays() throws Exception {
        exchangeKeys(MembershipRuntime.Dialect.LEGACY, true, false);
    }

    /** js-sdk sends its sticky memberships Megolm-encrypted here, and reads only encrypted ones. */
    @Test
    void stickyDialectInEncryptedRoom_exchangesMediaKeysBothWays() throws Exception {
        exchangeKeys(MembershipRuntime.Dialect.STICKY, true, false);
    }

    /**
     * In an unencrypted call room js-sdk's Rust crypto knows only the devices of users it shares some encrypted room
     * with ("encryptToDeviceMessages: unknown device" otherwise), so the two also share an encrypted room here, as
     * people who call each other usually do.
     */
    @Test
    void stickyDialectInUnencryptedRoomOfPeersSharingAnEncryptedRoom_exchangesMediaKeysBothWays() throws Exception {
        exchangeKeys(MembershipRuntime.Dialect.STICKY, false, true);
    }

    private void exchangeKeys(MembershipRuntime.Dialect dialect, boolean encrypted, boolean sharedEncryptedRoom)
            throws Exception {
        boolean sticky = dialect == MembershipRuntime.Dialect.STICKY;
        Path folder = Path.of(System.getProperty("myelin.vectors", "../test-vectors")).toAbsolutePath().getParent()
                .resolve("interop/matrix-js-sdk");
        assertThat(folder.resolve("node_modules/matrix-js-sdk")).as(
                "npm packages in %s (./myelin test runs npm ci there; Node 20+ is required)", folder).isDirectory();
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("interop.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).build())) {
            Session myelin = MatrixClient.connect(homeserver.baseUri()).register("myelin", "pw");
            var device = E2eeDevice.create(myelin, new SecureRandom());
            device.publishKeys();
            RoomId room = myelin.createRoom(Json.parseObject(encrypted ? ENCRYPTED_ROOM : PLAIN_ROOM));
            var command = new ArrayList<>(List.of("node", "rtc-keys.mjs", homeserver.baseUri().toString(),
                    room.value(), Long.toString(WAIT.toSeconds() * 2), sticky ? "sticky" : "legacy"));
            if (sharedEncryptedRoom) {
                command.add(myelin.createRoom(Json.parseObject(ENCRYPTED_ROOM)).value());
            }
            Path log = Files.createTempFile("rtc-keys", ".log");
            Process node = new ProcessBuilder(command).directory(folder.toFile()).redirectError(log.toFile()).start();
            BlockingQueue<JsonObject> steps = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> readSteps(node, steps));
            List<JsonObject> seen = new ArrayList<>();
            BlockingQueue<CallEvent> myelinEvents = new LinkedBlockingQueue<>();
            List<CallEvent> myelinSeen = new ArrayList<>();
            try {
                JsonObject jsJoined = awaitStep(steps, seen, s -> s.string("step").equals("joined"), log);
                String jsUser = jsJoined.string("user");
                String jsDevice = jsJoined.string("device");

                String memberId = sticky ? UUID.randomUUID().toString() : myelin.user() + ":" + myelin.device();
                var own = new MembershipContents.Own(myelin.user(), myelin.device(), memberId,
                        SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk.example/livekit/jwt")),
                        sticky ? FocusSelection.MULTI_SFU : FocusSelection.OLDEST_MEMBERSHIP, Optional.empty());
                try (var call = new CallParticipant(myelin, device, room, own, dialect,
                        LifecycleConfig.jsSdkDefaults().withDelayedEvents(false), KeyPolicyConfig.defaults(),
                        InstantSource.system(), myelinEvents::add)) {
                    call.start();

                    awaitStep(steps, seen, s -> s.string("step").equals("members") && s.array("members").objects()
                            .stream().anyMatch(m -> m.string("user").equals(myelin.user().toString())), log);
                    JsonObject jsGotKey = awaitStep(steps, seen, s -> s.string("step").equals("key_received")
                            && s.string("user").equals(myelin.user().toString()), log);
                    var jsMember = (CallEvent.MemberJoined) awaitEvent(myelinEvents, myelinSeen,
                            e -> e instanceof CallEvent.MemberJoined j && j.userId().equals(jsUser), log);
                    var myelinGotKey = (CallEvent.KeyReceived) awaitEvent(myelinEvents, myelinSeen,
                            e -> e instanceof CallEvent.KeyReceived k && k.userId().equals(jsUser), log);

                    assertThat(jsMember.deviceId()).isEqualTo(jsDevice);
                    assertThat(jsGotKey.string("device")).isEqualTo(myelin.device().value());
                    assertThat(jsGotKey.integer("length")).isEqualTo(16);
                    assertThat(jsGotKey.string("identity")).isEqualTo(sticky
                            ? LiveKitNames.hash(List.of(myelin.user().toString(), myelin.device().value(), memberId),
                                    LiveKitNames.JsonForm.JS_STRINGIFY)
                            : myelin.user() + ":" + myelin.device());
                    assertThat(myelinGotKey.deviceId()).isEqualTo(jsDevice);
                    call.leave(Duration.ofSeconds(10));
                }
                if (sticky && encrypted) {
                    List<JsonObject> timeline = myelin.get("/_matrix/client/v3/rooms/" + room.value() + "/messages",
                            Map.of("dir", "b", "limit", "100")).array("chunk").objects();
                    assertThat(timeline).as("Myelin's sticky join went out Megolm-encrypted")
                            .filteredOn(e -> e.string("sender").equals(myelin.user().toString()))
                            .extracting(e -> e.string("type")).contains("m.room.encrypted");
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
                throw new AssertionError("no matching js-sdk step within " + WAIT + "; saw " + seen + "; log tail:\n"
                        + tail(log));
            }
            if (step.string("step").equals("failed")) {
                throw new AssertionError("js-sdk participant failed: " + step);
            }
            seen.add(step);
        }
    }

    private static CallEvent awaitEvent(BlockingQueue<CallEvent> events, List<CallEvent> seen,
            Predicate<CallEvent> wanted, Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<CallEvent> match = seen.stream().filter(wanted).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            long left = deadline - System.nanoTime();
            CallEvent event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("no matching Myelin event within " + WAIT + "; saw " + seen + "; js-sdk log"
                        + " tail:\n" + tail(log));
            }
            seen.add(event);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
