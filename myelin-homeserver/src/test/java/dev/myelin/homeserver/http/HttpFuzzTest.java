package dev.myelin.homeserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.RateLimit;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jazzer fuzz target for the whole HTTP surface: a request in a readable text form (method line, path line, header
 * lines, blank line, body) goes over a raw socket to a homeserver in this JVM. Whatever arrives, the answer is never a
 * 5xx, and every 4xx carries a Matrix JSON error ({@code errcode}, {@code error}). In the path and headers,
 * {@code {room}}, {@code {user}} and {@code {token}} stand for a real room, user and access token, so the fuzzer reaches
 * past authentication. Normal test runs replay the seeds in
 * src/test/resources/dev/myelin/homeserver/http/HttpFuzzTestInputs; to fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl myelin-homeserver -am verify -Dtest=HttpFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class HttpFuzzTest {
    /** Headers whose framing the harness owns: a fuzzed one would only desynchronise the connection. */
    private static final Set<String> HARNESS_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "host", "expect", "upgrade", "http2-settings");
    private static final int READ_TIMEOUT_MS = 5_000;

    private static Path data;
    private static Homeserver homeserver;
    private static String token;
    private static String userId;
    private static String roomId;

    @BeforeAll
    static void start() throws IOException {
        data = Files.createTempDirectory("myelin-hs-fuzz");
        homeserver = Homeserver.start(HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .passwordHashIterations(1).authRateLimits(AuthRateLimits.RELAXED)
                .messageRateLimit(new RateLimit(1_000, 1_000))
                .build());
        var alice = new TestClient(homeserver.baseUri()).register("fuzz", "pw");
        token = alice.accessToken();
        userId = alice.userId();
        roomId = alice.client().post("/_matrix/client/v3/createRoom", JsonObject.EMPTY).json().string("room_id");
    }

    /** The fuzzer finds {@code /logout} soon; without a live token it would never get past authentication again. */
    private static void logInAgainIfLoggedOut() {
        var client = new TestClient(homeserver.baseUri());
        if (client.withToken(token).get("/_matrix/client/v3/account/whoami").status() == 401) {
            token = client.post("/_matrix/client/v3/login", JsonObject.builder().put("type", "m.login.password")
                    .put("identifier", JsonObject.builder().put("type", "m.id.user").put("user", "fuzz").build())
                    .put("password", "pw").build()).json().string("access_token");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (homeserver != null) {
            homeserver.close();
        }
        try (var paths = Files.walk(data)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyRequest_neverGets5xx_andEvery4xxIsAMatrixError(byte[] input) throws IOException {
        String request = render(new String(input, StandardCharsets.UTF_8));
        String method = request.substring(0, request.indexOf(' '));
        Response response;
        try {
            response = send(request, input);
        } catch (SocketTimeoutException e) {
            // A valid long-poll may legitimately wait for its timeout; nothing else may hang.
            if (request.contains("sync")) {
                return;
            }
            throw new AssertionError("no answer in " + READ_TIMEOUT_MS + " ms to " + request, e);
        }
        assertThat(response.status()).as("status for %s", request).isBetween(100, 499);
        if (response.status() == 401 && request.contains(token)) {
            logInAgainIfLoggedOut();
        }
        // Jetty reads a method such as ":HEAD" as HEAD, whose answers have no body.
        if (response.status() >= 400 && !method.contains("HEAD")) {
            assertThat(response.contentType()).as("content type of %s for %s", response, request)
                    .startsWith("application/json");
            JsonObject error;
            try {
                error = Json.parseObject(response.body());
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON object: " + response + " for " + request, e);
            }
            if (response.status() == 401 && error.has("flows")) {
                return; // a user-interactive auth challenge: flows and session, an errcode only after a failed stage
            }
            assertThat(error.string("errcode")).as("errcode of %s", response).startsWith("M_");
            assertThat(error.string("error")).as("error of %s", response).isNotNull();
        }
    }

    @Test
    void sendSeed_reachesPastAuthentication_andIsAccepted() throws IOException {
        byte[] seed;
        try (var in = HttpFuzzTest.class.getResourceAsStream(
                "HttpFuzzTestInputs/anyRequest_neverGets5xx_andEvery4xxIsAMatrixError/send")) {
            assertThat(in).as("seed input on the class path").isNotNull();
            seed = in.readAllBytes();
        }

        Response response = send(render(new String(seed, StandardCharsets.UTF_8)), seed);

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(Json.parseObject(response.body()).string("event_id")).startsWith("$");
    }

    @Test
    void malformedHeaderInAPut_isAnsweredWithAMatrixError() throws IOException {
        // Found by fuzzing: Jetty writes error bodies only for GET, POST and HEAD by default.
        Response response = send("PUT /_matrix/client/v3/sendToDevice/a/b HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "/bad?header: value\r\n", new byte[0]);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(Json.parseObject(response.body()).string("errcode")).isEqualTo("M_UNKNOWN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPTIONS /_matrix/client/v3/login", "GET /metrics"})
    void requestWithABody_isAnsweredOnlyOnceTheBodyIsRead(String requestLine) throws IOException {
        // Found by fuzzing (a reset connection): these two answered before their body had arrived, then closed the
        // connection with the body still coming, and the reset could destroy the answer before the client read it.
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", homeserver.port()), READ_TIMEOUT_MS);
            var out = socket.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.setSoTimeout(300);
            assertThatThrownBy(() -> socket.getInputStream().read()).as("an answer before the body was sent")
                    .isInstanceOf(SocketTimeoutException.class);

            out.write(body);
            out.flush();
            socket.setSoTimeout(READ_TIMEOUT_MS);
            assertThat(Response.parse(socket.getInputStream().readAllBytes()).status()).isBetween(200, 204);
        }
    }

    /**
     * The request line and headers from the input: line 1 the method, line 2 the path, then headers up to a blank
     * line. Carriage returns and the harness's own headers are dropped; the body follows separately.
     */
    static String render(String text) {
        String[] lines = text.split("\n", -1);
        String method = lines.length > 0 && !lines[0].isEmpty() ? clean(lines[0]) : "GET";
        String path = lines.length > 1 ? substitute(clean(lines[1])) : "/";
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        var head = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        for (int i = 2; i < lines.length && !lines[i].isEmpty(); i++) {
            String line = substitute(clean(lines[i]));
            int colon = line.indexOf(':');
            if (colon > 0 && !HARNESS_HEADERS.contains(line.substring(0, colon).strip().toLowerCase(Locale.ROOT))) {
                head.append(line).append("\r\n");
            }
        }
        return head.toString();
    }

    /** The bytes after the first blank line after the header lines, or none. */
    static byte[] body(byte[] input) {
        int newlines = 0;
        for (int i = 0; i < input.length; i++) {
            if (input[i] == '\n') {
                newlines++;
                if (newlines >= 2 && i > 0 && input[i - 1] == '\n') {
                    return java.util.Arrays.copyOfRange(input, i + 1, input.length);
                }
            }
        }
        return new byte[0];
    }

    private static String clean(String line) {
        return line.replace("\r", "");
    }

    private static String substitute(String text) {
        return text.replace("{room}", encode(roomId)).replace("{user}", encode(userId)).replace("{token}", token);
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Response send(String head, byte[] input) throws IOException {
        byte[] body = body(input);
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", homeserver.port()), READ_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            var out = socket.getOutputStream();
            out.write((head + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            return Response.parse(socket.getInputStream().readAllBytes());
        }
    }

    /** A parsed HTTP/1.1 response: status, Content-Type and the (de-chunked) body. */
    record Response(int status, String contentType, String body) {
        static Response parse(byte[] raw) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || end < 0) {
                fail("not an HTTP response: %s", text);
            }
            int status = Integer.parseInt(text.substring(9, 12));
            String contentType = "";
            boolean chunked = false;
            for (String line : text.substring(0, end).split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring(13).strip();
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            return new Response(status, contentType, new String(chunked ? dechunk(body) : body,
                    StandardCharsets.UTF_8));
        }

        private static byte[] dechunk(byte[] body) {
            var out = new ByteArrayOutputStream();
            int at = 0;
            while (at < body.length) {
                int lineEnd = indexOfCrLf(body, at);
                String size = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
                int length = Integer.parseInt(size, 16);
                if (length == 0) {
                    break;
                }
                out.write(body, lineEnd + 2, length);
                at = lineEnd + 2 + length + 2;
            }
            return out.toByteArray();
        }

        private static int indexOfCrLf(byte[] bytes, int from) {
            for (int i = from; i + 1 < bytes.length; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                    return i;
                }
            }
            throw new IllegalStateException("truncated chunked body");
        }
    }
}
