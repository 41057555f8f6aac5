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
 * Real matrix-js-sdk 43 clients (Node, {@code interop/matrix-js-sdk/scenario.mjs}) against the homeserver: dummy
 * registration, password login, first sync to PREPARED, createRoom, join, a message and a MatrixRTC call membership
 * seen by the other client through {@code /sync}.
 */
@ExtendWith(HomeserverExtension.class)
class MatrixJsSdkInteropTest {
    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void twoJsSdkClients_registerSyncCreateJoinAndExchangeEvents(Homeserver homeserver) throws Exception {
        Path folder = Path.of(System.getProperty("myelin.vectors", "../test-vectors")).toAbsolutePath().getParent()
                .resolve("interop/matrix-js-sdk");
        assertThat(folder.resolve("node_modules/matrix-js-sdk")).as(
                "npm packages in %s (./myelin test runs npm ci there; Node 20+ is required)", folder).isDirectory();
        Path stderr = Files.createTempFile("js-sdk-scenario", ".log");
        Process node = new ProcessBuilder("node", "scenario.mjs", homeserver.baseUri().toString())
                .directory(folder.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            boolean finished = node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<JsonObject> steps = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().filter(line -> line.startsWith("{")).map(Json::parseObject).toList();

            assertThat(finished).as("scenario finished within %ss; log tail:%n%s", TIMEOUT_SECONDS, tail(stderr))
                    .isTrue();
            assertThat(steps).as("steps; log tail:%n%s", tail(stderr)).extracting(s -> s.string("step"))
                    .containsExactly("synced", "synced", "created", "joined", "message", "callMember", "roomName",
                            "done");
            JsonObject message = steps.get(4);
            assertThat(message.string("eventId")).isEqualTo(message.string("sentId")).matches("\\$[A-Za-z0-9_-]{43}");
            assertThat(steps.get(6).string("name")).isEqualTo("Interop room");
            assertThat(node.exitValue()).isZero();
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
