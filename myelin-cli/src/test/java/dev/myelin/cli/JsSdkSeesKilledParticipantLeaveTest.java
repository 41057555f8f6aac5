package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.client.MatrixClient;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./myelin join} in its own JVM with a matrix-js-sdk 43 MatrixRTCSession in the call: after the Java
 * participant is killed with SIGKILL, its delayed leave fires on the homeserver and the js-sdk session sees it leave
 * within the delay (8 s) plus 5 s.
 */
class JsSdkSeesKilledParticipantLeaveTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long DELAY_PLUS_GRACE_MS = 8_000 + 5_000;

    @TempDir
    Path data;

    @Test
    void killedJavaParticipant_leavesTheJsSdkSessionWithinTheDelayPlusFiveSeconds() throws Exception {
        killAndWatch("legacy", "{\"preset\":\"public_chat\"}");
    }

    /** The sticky join is Megolm-encrypted, the server's delayed leave is not: js-sdk must match the two. */
    @Test
    void killedStickyParticipantInEncryptedRoom_leavesTheJsSdkSessionWithinTheDelayPlusFiveSeconds()
            throws Exception {
        killAndWatch("sticky", """
                {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
                 "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}""");
    }

    private void killAndWatch(String dialect, String createRoom) throws Exception {
        Path folder = Path.of(System.getProperty("myelin.vectors", "../test-vectors")).toAbsolutePath().getParent()
                .resolve("interop/matrix-js-sdk");
        assertThat(folder.resolve("node_modules/matrix-js-sdk")).as("npm packages in %s", folder).isDirectory();
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("kill.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build())) {
            var java = MatrixClient.connect(homeserver.baseUri()).register("java", "pw");
            RoomId room = java.createRoom(Json.parseObject(createRoom));
            Path log = Files.createTempFile("rtc-keys", ".log");
            Process node = new ProcessBuilder("node", "rtc-keys.mjs", homeserver.baseUri().toString(), room.value(),
                    "120", dialect).directory(folder.toFile()).redirectError(log.toFile()).start();
            BlockingQueue<JsonObject> steps = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> readJson(node, steps));
            Process join = null;
            try {
                awaitStep(steps, s -> s.string("step").equals("joined"));
                join = startJoin(homeserver.baseUri().toString(), room.value(), dialect);
                awaitStep(steps, s -> s.string("step").equals("members") && mentions(s, "@java:kill.test"));

                join.destroyForcibly(); // SIGKILL: no leave is sent, only the server's delayed leave remains
                assertThat(join.waitFor(10, TimeUnit.SECONDS)).isTrue();
                long killedAt = System.nanoTime();
                awaitStep(steps, s -> s.string("step").equals("members") && !mentions(s, "@java:kill.test"));
                long leftAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
                System.out.println("js-sdk saw the killed " + dialect + " participant leave after " + leftAfterMs
                        + " ms");

                assertThat(join.exitValue()).isEqualTo(137);
                assertThat(leftAfterMs).as("js-sdk saw the leave after %d ms", leftAfterMs)
                        .isLessThanOrEqualTo(DELAY_PLUS_GRACE_MS);
            } finally {
                if (join != null) {
                    join.destroyForcibly();
                }
                node.getOutputStream().close();
                if (!node.waitFor(20, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
                Files.deleteIfExists(log);
            }
        }
    }

    private static boolean mentions(JsonObject membersStep, String user) {
        return membersStep.array("members").objects().stream().anyMatch(m -> m.string("user").equals(user));
    }

    /** Runs {@code myelin join} in its own JVM, as the launcher does, so SIGKILL reaches a real process. */
    private static Process startJoin(String homeserver, String room, String dialect) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = Stream.of(System.getProperty("java.class.path", ""),
                System.getProperty("jdk.module.path", "")).filter(s -> !s.isEmpty())
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        var command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                "dev.myelin.cli.Main", "join", "--homeserver", homeserver, "--user", "java", "--password", "pw",
                "--room", room, "--dialect", dialect));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void readJson(Process process, BlockingQueue<JsonObject> lines) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("{")) {
                    lines.add(Json.parseObject(line));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static JsonObject awaitStep(BlockingQueue<JsonObject> steps, Predicate<JsonObject> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<JsonObject> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            JsonObject step = steps.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (step == null) {
                break;
            }
            if (step.string("step").equals("failed")) {
                throw new AssertionError("js-sdk participant failed: " + step);
            }
            seen.add(step);
            if (wanted.test(step)) {
                return step;
            }
        }
        throw new AssertionError("no matching js-sdk step within " + WAIT + "; saw " + seen);
    }
}
