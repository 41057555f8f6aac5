package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.junit.jupiter.api.Test;

/** The homeserver mounts the routes under /livekit/jwt and may validate its own users in-process. */
class MountedHandlerTest {
    @Test
    void handlerMountedUnderAContext_servesTheRoutesWithAnInProcessValidator() throws Exception {
        var config = new AuthServiceConfig("ws://127.0.0.1:1", "devkey",
                SecretBytes.copyOf("secret".getBytes(StandardCharsets.UTF_8)), List.of("other.example"),
                new BindAddress("127.0.0.1", 0), false, false, Duration.ZERO, Map.of());
        OpenIdValidator inProcess = token -> {
            if (!token.accessToken().equals("local")) {
                throw new OpenIdRejectedException("unknown");
            }
            return "@alice:" + token.matrixServerName();
        };
        var server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new ContextHandler(AuthService.handler(config, inProcess, InstantSource.system()),
                "/livekit/jwt"));
        server.start();
        try {
            String base = "http://127.0.0.1:" + connector.getLocalPort() + "/livekit/jwt";
            var client = HttpClient.newHttpClient();
            String body = """
                    {"room_id":"!r:hs.example","slot_id":"m.call#ROOM",
                     "openid_token":{"access_token":"local","matrix_server_name":"hs.example"},
                     "member":{"id":"m","claimed_user_id":"@alice:hs.example","claimed_device_id":"D"}}""";

            HttpResponse<String> token = client.send(HttpRequest.newBuilder(URI.create(base + "/get_token"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> delegate = client.send(HttpRequest.newBuilder(
                    URI.create(base + "/delegate_delayed_leave")).POST(HttpRequest.BodyPublishers.ofString(
                    body.replaceFirst("\\{", "{\"delay_id\":\"syd\",\"delay_timeout\":8000,"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(token.statusCode()).isEqualTo(200);
            assertThat(token.body()).startsWith("{\"url\":\"ws://127.0.0.1:1\",\"jwt\":\"");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(delegate.statusCode()).as("restricted server: forbidden").isEqualTo(403);
        } finally {
            server.stop();
        }
    }
}
