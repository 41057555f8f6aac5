package dev.myelin.homeserver.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real matrix-js-sdk 43 clients in Node ({@code interop/matrix-js-sdk}) against the homeserver. Each script prints
 * one JSON line per step it completed; a failing step ends it with {@code {"step":"failed"}}.
 */
@ExtendWith(HomeserverExtension.class)
class MatrixJsSdkInteropTest {
    private static final long TIMEOUT_SECONDS = 150;
    private final Homeserver homeserver;

    MatrixJsSdkInteropTest(Homeserver homeserver) {
        this.homeserver = homeserver;
    }

    /** Dummy registration, password login, first sync, createRoom, join, a message and a MatrixRTC call membership. */
    @Test
    void twoJsSdkClients_registerSyncCreateJoinAndExchangeEvents() throws Exception {
        List<JsonObject> steps = run("scenario.mjs");

        assertThat(steps).extracting(s -> s.string("step")).containsExactly("synced", "synced", "created", "joined",
                "message", "callMember", "roomName", "done");
        JsonObject message = steps.get(4);
        assertThat(message.string("eventId")).isEqualTo(message.string("sentId")).matches("\\$[A-Za-z0-9_-]{43}");
        assertThat(steps.get(6).string("name")).isEqualTo("Interop room");
    }

    /**
     * Rust crypto: keys upload, query and claim, the room key over Olm to-device, a Megolm message decrypted. Alice's
     * first sync carrying the new room also carries Bob's join (the script holds her syncs meanwhile): the case where
     * js-sdk reports Bob's join before it has stored the room, which once made the script send in plain text.
     */
    @Test
    void twoRustCryptoClients_exchangeAnEncryptedMessage() throws Exception {
        List<JsonObject> steps = run("e2ee.mjs");

        assertThat(steps).extracting(s -> s.string("step")).containsExactly("synced", "synced", "created", "joined",
                "decrypted", "done");
        assertThat(steps.get(3).bool("roomKnownAtJoinEvent")).as("room arrived with bob's join in one sync").isFalse();
        assertThat(steps.get(3).bool("encryptionState")).isTrue();
        assertThat(steps.get(3).bool("cryptoEnabled")).isTrue();
        JsonObject decrypted = steps.get(4);
        assertThat(decrypted.string("wireType")).isEqualTo("m.room.encrypted");
        assertThat(decrypted.string("type")).isEqualTo("m.room.message");
        assertThat(decrypted.string("body")).startsWith("secret from js");
        assertThat(decrypted.bool("failure")).isFalse();
    }

    private List<JsonObject> run(String script) throws Exception {
        return run(script, homeserver.baseUri());
    }

    /** Runs one scenario script against {@code base} and returns its step lines; a non-zero exit fails. */
    static List<JsonObject> run(String script, java.net.URI base) throws Exception {
        Path folder = Path.of(System.getProperty("myelin.vectors", "../test-vectors")).toAbsolutePath().getParent()
                .resolve("interop/matrix-js-sdk");
        assertThat(folder.resolve("node_modules/matrix-js-sdk")).as(
                "npm packages in %s (./myelin test runs npm ci there; Node 20+ is required)", folder).isDirectory();
        Path stderr = Files.createTempFile("js-sdk-" + script, ".log");
        Process node = new ProcessBuilder("node", script, base.toString())
                .directory(folder.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            boolean finished = node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<JsonObject> steps = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().filter(line -> line.startsWith("{")).map(Json::parseObject).toList();
            assertThat(finished).as("%s finished within %ss; log tail:%n%s", script, TIMEOUT_SECONDS, tail(stderr))
                    .isTrue();
            assertThat(node.exitValue()).as("%s exit code; steps %s; log tail:%n%s", script, steps, tail(stderr))
                    .isZero();
            return steps;
        } finally {
            node.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
