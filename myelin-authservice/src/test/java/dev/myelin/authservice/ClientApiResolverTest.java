package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.authservice.delegation.ClientApiResolver;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientApiResolverTest {
    private final FakeHomeserver homeserver = new FakeHomeserver();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond(1_000_000));
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        homeserver.close();
    }

    private ClientApiResolver resolver(Map<String, String> overrides) {
        return new ClientApiResolver(overrides, http, now::get, true);
    }

    @Test
    void override_winsWithoutAnyRequest() {
        homeserver.clientWellKnown("{\"m.homeserver\":{\"base_url\":\"https://discovered\"}}");

        assertThat(resolver(Map.of(homeserver.serverName(), "https://override")).resolve(homeserver.serverName()))
                .hasValue("https://override");
    }

    @Test
    void wellKnown_isDiscoveredAndCachedForFourHours() {
        homeserver.clientWellKnown("{\"m.homeserver\":{\"base_url\":\"https://discovered\"}}");
        var resolver = resolver(Map.of());

        assertThat(resolver.resolve(homeserver.serverName())).hasValue("https://discovered");
        homeserver.clientWellKnown("{\"m.homeserver\":{\"base_url\":\"https://changed\"}}");
        now.set(now.get().plus(Duration.ofHours(4)).minusSeconds(1));
        assertThat(resolver.resolve(homeserver.serverName())).hasValue("https://discovered");
        now.set(now.get().plusSeconds(1));
        assertThat(resolver.resolve(homeserver.serverName())).hasValue("https://changed");
    }

    @Test
    void missingOrMalformedWellKnown_resolvesToNothing() {
        var resolver = resolver(Map.of());
        assertThat(resolver.resolve(homeserver.serverName())).isEmpty();

        homeserver.clientWellKnown("{\"m.homeserver\":{\"base_url\":7}}");
        assertThat(resolver.resolve(homeserver.serverName())).isEmpty();

        assertThat(resolver.resolve("127.0.0.1:1")).isEmpty();
    }
}
