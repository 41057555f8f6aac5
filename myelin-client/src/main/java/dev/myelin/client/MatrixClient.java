package dev.myelin.client;

import dev.myelin.client.http.MatrixHttp;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/** Entry point of the SDK: talks to one homeserver without a login, and logs in or registers to get a {@link Session}. */
public final class MatrixClient {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private final MatrixHttp http;

    private MatrixClient(MatrixHttp http) {
        this.http = http;
    }

    /** A client of the homeserver at {@code baseUrl} (for example {@code http://127.0.0.1:8008}). */
    public static MatrixClient connect(URI baseUrl) {
        HttpClient httpClient = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        return new MatrixClient(new MatrixHttp(httpClient, baseUrl));
    }

    /** {@code GET /_matrix/client/versions}. */
    public JsonObject versions() {
        return http.request("GET", "/_matrix/client/versions", Map.of(), Optional.empty(), Optional.empty(),
                REQUEST_TIMEOUT);
    }

    /** Logs in with a password ({@code m.login.password} with a user identifier), as a new or the given device. */
    public Session login(String user, String password, Optional<DeviceId> device) {
        var body = JsonObject.builder()
                .put("type", "m.login.password")
                .put("identifier", JsonObject.builder().put("type", "m.id.user").put("user", user).build())
                .put("password", password);
        device.ifPresent(id -> body.put("device_id", id.value()));
        return session(http.request("POST", "/_matrix/client/v3/login", Map.of(), Optional.of(body.build()),
                Optional.empty(), REQUEST_TIMEOUT));
    }

    /**
     * Registers {@code localpart} through the dummy user-interactive flow: the first request opens a session, the
     * second completes it with {@code m.login.dummy}.
     */
    public Session register(String localpart, String password) {
        var body = JsonObject.builder().put("username", localpart).put("password", password).build();
        String uiaSession;
        try {
            return session(http.request("POST", "/_matrix/client/v3/register", Map.of(), Optional.of(body),
                    Optional.empty(), REQUEST_TIMEOUT));
        } catch (MatrixException e) {
            if (e.status() != 401 || !e.extra().has("session")) {
                throw e;
            }
            uiaSession = e.extra().string("session");
        }
        var withAuth = body.with("auth", JsonObject.builder().put("type", "m.login.dummy")
                .put("session", uiaSession).build());
        return session(http.request("POST", "/_matrix/client/v3/register", Map.of(), Optional.of(withAuth),
                Optional.empty(), REQUEST_TIMEOUT));
    }

    /** A session for an access token obtained elsewhere. */
    public Session resume(UserId user, DeviceId device, String accessToken) {
        return new Session(http, user, device, accessToken);
    }

    private Session session(JsonObject response) {
        return new Session(http, UserId.parse(response.string("user_id")), DeviceId.of(response.string("device_id")),
                response.string("access_token"));
    }
}
