package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: {@code myelin up} in its own JVM is killed with SIGKILL right after its writes were acknowledged,
 * restarted on the same data directory, and everything it answered 200 for is still there.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void killMinusNine_thenRestart_keepsEveryAcknowledgedWrite() throws Exception {
        Path data = dir.resolve("data");
        Process first = startUp(data);
        String aliceToken;
        String bobToken;
        String roomId;
        List<String> messageIds = new ArrayList<>();
        String serverKeys;
        try {
            URI base = awaitReady(first);
            JsonObject alice = register(base, "alice");
            JsonObject bob = register(base, "bob");
            aliceToken = alice.string("access_token");
            bobToken = bob.string("access_token");
            roomId = call(base, "POST", "/_matrix/client/v3/createRoom", aliceToken,
                    JsonObject.builder().put("name", "before the crash").build()).string("room_id");
            String room = "/_matrix/client/v3/rooms/" + encode(roomId);
            for (int i = 0; i < 3; i++) {
                messageIds.add(call(base, "PUT", room + "/send/m.room.message/txn" + i, aliceToken,
                        JsonObject.builder().put("msgtype", "m.text").put("body", "message " + i).build())
                        .string("event_id"));
            }
            call(base, "PUT", room + "/state/m.room.topic/", aliceToken,
                    JsonObject.builder().put("topic", "durable").build());
            call(base, "PUT", "/_matrix/client/v3/sendToDevice/m.test.crash/txn1", aliceToken,
                    JsonObject.builder().put("messages", JsonObject.builder().put(bob.string("user_id"),
                            JsonObject.builder().put(bob.string("device_id"), JsonObject.builder()
                                    .put("secret", "undelivered").build()).build()).build()).build());
            serverKeys = call(base, "GET", "/_matrix/key/v2/server", null, null).object("verify_keys").toString();
        } finally {
            // SIGKILL: no shutdown hook, no graceful stop, no database close.
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
        }
        assertThat(first.exitValue()).as("exit status of a SIGKILLed JVM").isEqualTo(128 + 9);

        Process second = startUp(data);
        try {
            URI base = awaitReady(second);
            assertThat(call(base, "GET", "/_matrix/client/v3/account/whoami", aliceToken, null).string("user_id"))
                    .isEqualTo("@alice:localhost");
            JsonObject login = call(base, "POST", "/_matrix/client/v3/login", null, JsonObject.builder()
                    .put("type", "m.login.password").put("identifier", JsonObject.builder().put("type", "m.id.user")
                            .put("user", "alice").build()).put("password", "pw-alice").build());
            assertThat(login.string("user_id")).isEqualTo("@alice:localhost");

            String room = "/_matrix/client/v3/rooms/" + encode(roomId);
            List<JsonObject> history = call(base, "GET", room + "/messages?dir=b&limit=50", aliceToken, null)
                    .array("chunk").objects();
            assertThat(history).extracting(event -> event.string("event_id")).containsAll(messageIds);
            assertThat(call(base, "GET", room + "/state/m.room.topic/", aliceToken, null).string("topic"))
                    .isEqualTo("durable");
            assertThat(call(base, "GET", room + "/state/m.room.name/", aliceToken, null).string("name"))
                    .isEqualTo("before the crash");
            assertThat(call(base, "GET", "/_matrix/client/v3/joined_rooms", aliceToken, null).array("joined_rooms")
                    .strings()).contains(roomId);

            List<JsonObject> toDevice = call(base, "GET", "/_matrix/client/v3/sync?timeout=0", bobToken, null)
                    .object("to_device").array("events").objects();
            assertThat(toDevice).singleElement().satisfies(event -> {
                assertThat(event.string("type")).isEqualTo("m.test.crash");
                assertThat(event.object("content").string("secret")).isEqualTo("undelivered");
            });
            assertThat(call(base, "GET", "/_matrix/key/v2/server", null, null).object("verify_keys").toString())
                    .as("the server's signing key survives").isEqualTo(serverKeys);
        } finally {
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static JsonObject register(URI base, String name) throws IOException {
        return call(base, "POST", "/_matrix/client/v3/register", null, JsonObject.builder().put("username", name)
                .put("password", "pw-" + name).put("auth", JsonObject.builder().put("type", "m.login.dummy").build())
                .build());
    }

    /** One request; anything but 200 fails the test with the server's answer. */
    private static JsonObject call(URI base, String method, String path, String token, JsonObject body)
            throws IOException {
        var connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(30_000);
        connection.setReadTimeout(60_000);
        if (token != null) {
            connection.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (var out = connection.getOutputStream()) {
                out.write(Json.writeBytes(body));
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(status).as("%s %s answered %s", method, path, answer).isEqualTo(200);
        return Json.parseObject(answer);
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static URI awaitReady(Process process) throws Exception {
        var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(ready).as("ready line").startsWith("myelin ready: ");
        return URI.create(ready.substring("myelin ready: ".length()));
    }

    /** {@code myelin up} in its own JVM on loopback; stderr goes to a file so the pipe never fills. */
    private Process startUp(Path data) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = Stream.of(System.getProperty("java.class.path", ""),
                System.getProperty("jdk.module.path", "")).filter(s -> !s.isEmpty())
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                "dev.myelin.cli.Main", "up", "--listen", "127.0.0.1:0", "--data", data.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.log").toFile()))
                .start();
    }
}
