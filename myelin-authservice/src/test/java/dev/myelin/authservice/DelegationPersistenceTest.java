package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.HashInputJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LIVEKIT_REDIS_URL against a real redis-server: delegations outlive a restart, in upstream's layout. */
class DelegationPersistenceTest {
    private final RedisServer redis = new RedisServer();

    @AfterEach
    void stop() {
        redis.close();
    }

    private static String field(dev.myelin.authservice.delegation.JobKey key) {
        return HashInputJson.goMarshal(List.of(key.room(), key.identity()));
    }

    @Test
    void delegation_isStoredAsUpstreamAndForgottenWhenItEnds() throws Exception {
        try (var fixture = Fixture.fullAccessWithRedis(redis.url()).withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());

            fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 8000));

            Fixture.await("stored", () -> stored(fixture.aliceKey()).contains("syd_1"));
            String value = stored(fixture.aliceKey());
            assertThat(value).contains("{\"Params\":{\"DelayId\":\"syd_1\",\"DelayTimeout\":8000000000,\"ServerName\":\""
                    + fixture.homeserver.serverName() + "\",\"LiveKitRoom\":\"" + fixture.aliceKey().room()
                    + "\",\"LiveKitIdentity\":\"" + fixture.aliceKey().identity() + "\"},\"RestartedAt\":\"");
            fixture.webhook("participant_connection_aborted", fixture.aliceKey(), null);
            Fixture.await("deleted", () -> !stored(fixture.aliceKey()).contains("syd_1"));
        }
    }

    @Test
    void storedDelegation_resumesAfterARestart() throws Exception {
        try (var fixture = Fixture.fullAccessWithRedis(redis.url()).withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());
            fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 60_000));
            Fixture.await("stored", () -> stored(fixture.aliceKey()).contains("syd_1"));
            fixture.service.close();

            try (var restarted = fixture.restartedService(redis.url())) {
                assertThat(restarted.delegations().watching(fixture.aliceKey())).isTrue();
                FakeSfu.sendWebhook(java.net.URI.create("http://127.0.0.1:" + restarted.port() + "/sfu_webhook"),
                        Fixture.KEY, Fixture.SECRET, "participant_joined", fixture.aliceKey().room(),
                        fixture.aliceKey().identity(), null);
                Fixture.await("restart", () -> fixture.homeserver.delayedEventCalls().contains("syd_1 restart"));
            }
        }
    }

    @Test
    void expiredStoredJob_isPurgedAtStartWithoutAnyCall() throws Exception {
        try (var fixture = Fixture.fullAccessWithRedis(redis.url()).withClientApi()) {
            var key = fixture.aliceKey();
            String old = "{\"Params\":{\"DelayId\":\"syd_old\",\"DelayTimeout\":8000000000,\"ServerName\":\""
                    + fixture.homeserver.serverName() + "\",\"LiveKitRoom\":\"" + key.room()
                    + "\",\"LiveKitIdentity\":\"" + key.identity() + "\"},\"RestartedAt\":\"2026-01-01T12:00:00.5+02:00\"}";
            redis.rawReply("HSET", "lk-jwt:jobs", field(key), old);
            fixture.service.close();

            try (var restarted = fixture.restartedService(redis.url())) {
                assertThat(restarted.delegations().size()).isZero();
                Fixture.await("purged", () -> !stored(key).contains("syd_old"));
                assertThat(fixture.homeserver.delayedEventCalls()).isEmpty();
            }
        }
    }

    @Test
    void passwordAndDatabaseInTheUrl_areUsed() throws Exception {
        try (var secured = new RedisServer("s3cret")) {
            var store = dev.myelin.authservice.delegation.RedisJobStore.connect(secured.url() + "/2");
            var key = new dev.myelin.authservice.delegation.JobKey("room", "identity");
            store.save(new dev.myelin.authservice.delegation.JobStore.StoredJob(
                    dev.myelin.authservice.delegation.JobParams.of("hs", "syd_1", 1000, key), Instant.EPOCH));

            assertThat(store.all()).singleElement().satisfies(job -> {
                assertThat(job.params().delayId()).isEqualTo("syd_1");
                assertThat(job.restartedAt()).isEqualTo(Instant.EPOCH);
            });
            assertThat(secured.rawReply("SELECT", "2")).contains("+OK");
            store.delete(key);
            assertThat(store.all()).isEmpty();
            store.close();
        }
    }

    @Test
    void unreachableRedis_refusesToStartAsUpstream() {
        var config = new AuthServiceConfig("ws://127.0.0.1:1", "devkey",
                SecretBytes.copyOf("secret".getBytes(StandardCharsets.UTF_8)), List.of("*"),
                new BindAddress("127.0.0.1", 0), false, false, Duration.ZERO, Map.of());

        assertThatThrownBy(() -> AuthService.start(config, Optional.of("redis://127.0.0.1:1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Could not connect Redis store: ");
        assertThatThrownBy(() -> AuthService.start(config, Optional.of("http://not-redis")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Could not connect Redis store: ");
    }

    private String stored(dev.myelin.authservice.delegation.JobKey key) {
        try {
            return redis.rawReply("HGET", "lk-jwt:jobs", field(key));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
