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
import org.junit.jupiter.api.Test;

class ValidatorFailureTest {
    @Test
    void validatorBug_isUnauthorisedNeverA500() throws Exception {
        var config = new AuthServiceConfig("ws://127.0.0.1:1", "devkey",
                SecretBytes.copyOf("secret".getBytes(StandardCharsets.UTF_8)), List.of("*"),
                new BindAddress("127.0.0.1", 0), false, false, Duration.ZERO, Map.of());
        OpenIdValidator broken = token -> {
            throw new IllegalStateException("bug");
        };
        try (var service = AuthService.start(config, broken, InstantSource.system())) {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + service.port() + "/sfu/get"))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"room\":\"r\",\"openid_token\":{\"access_token\":\"t\",\"matrix_server_name\":\"s\"}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("M_UNAUTHORIZED").doesNotContain("bug");
        }
    }
}
