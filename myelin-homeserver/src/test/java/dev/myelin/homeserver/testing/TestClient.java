package dev.myelin.homeserver.testing;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A small HTTP client for homeserver tests: JSON in, {@link TestResponse} out, optional access token. */
public final class TestClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;
    private final Optional<String> accessToken;

    public TestClient(URI base) {
        this(base, Optional.empty());
    }

    private TestClient(URI base, Optional<String> accessToken) {
        this.base = base;
        this.accessToken = accessToken;
    }

    public URI base() {
        return base;
    }

    /** A client sending {@code Authorization: Bearer <token>}. */
    public TestClient withToken(String token) {
        return new TestClient(base, Optional.of(token));
    }

    public TestResponse get(String path) {
        return send("GET", path, null);
    }

    public TestResponse post(String path, JsonValue body) {
        return send("POST", path, Json.writeBytes(body));
    }

    public TestResponse put(String path, JsonValue body) {
        return send("PUT", path, Json.writeBytes(body));
    }

    public TestResponse send(String method, String path, byte[] body) {
        return send(method, path, body, List.of());
    }

    /** Raw form; {@code headers} are name/value pairs. */
    public TestResponse send(String method, String path, byte[] body, List<String> headers) {
        return send(method, path, body, headers, false);
    }

    /**
     * Sends with {@code Expect: 100-continue}, so a server refusing the body (413) answers before the client
     * streams it; without it the answer races the upload and the client may see a reset connection.
     */
    public TestResponse sendExpectingContinue(String method, String path, byte[] body) {
        return send(method, path, body, List.of(), true);
    }

    private TestResponse send(String method, String path, byte[] body, List<String> headers, boolean expectContinue) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).expectContinue(expectContinue)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        accessToken.ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            builder.header(headers.get(i), headers.get(i + 1));
        }
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new TestResponse(response.statusCode(), response.headers(),
                    new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Registers through the two-step dummy flow and returns a client holding the new access token. */
    public LoggedIn register(String username, String password) {
        TestResponse challenge = post("/_matrix/client/v3/register",
                JsonObject.builder().put("username", username).put("password", password).build());
        if (challenge.status() != 401) {
            throw new IllegalStateException("expected the 401 challenge, got " + challenge);
        }
        String session = challenge.json().string("session");
        TestResponse done = post("/_matrix/client/v3/register", JsonObject.builder()
                .put("username", username).put("password", password)
                .put("auth", JsonObject.builder().put("type", "m.login.dummy").put("session", session).build())
                .build());
        if (done.status() != 200) {
            throw new IllegalStateException("registration failed: " + done);
        }
        return loggedIn(done.json());
    }

    public LoggedIn loggedIn(JsonObject session) {
        String token = session.string("access_token");
        return new LoggedIn(session.string("user_id"), session.string("device_id"), token, withToken(token));
    }

    public record LoggedIn(String userId, String deviceId, String accessToken, TestClient client) {
    }

    public record TestResponse(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonObject json() {
            return Json.parseObject(body);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String errcode() {
            return json().string("errcode");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
