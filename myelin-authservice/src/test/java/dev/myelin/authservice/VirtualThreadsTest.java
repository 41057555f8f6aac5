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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class VirtualThreadsTest {
    @Test
    void requests_runOnVirtualThreads() throws Exception {
        var config = new AuthServiceConfig("ws://127.0.0.1:1", "devkey",
                SecretBytes.copyOf("secret".getBytes(StandardCharsets.UTF_8)), List.of("other.example"),
                new BindAddress("127.0.0.1", 0), false, false, Duration.ZERO, Map.of());
        var virtual = new AtomicBoolean();
        OpenIdValidator probe = token -> {
            virtual.set(Thread.currentThread().isVirtual());
            return "@a:s";
        };
        try (var service = AuthService.start(config, probe, InstantSource.system())) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + service.port() + "/sfu/get"))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"room\":\"r\",\"openid_token\":{\"access_token\":\"t\",\"matrix_server_name\":\"s\"}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(virtual).isTrue();
        }
    }
}
