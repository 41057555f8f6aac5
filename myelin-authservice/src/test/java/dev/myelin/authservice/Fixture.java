package dev.myelin.authservice;

import dev.myelin.crypto.SecretBytes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/** A real service on an ephemeral loopback port, with a fake homeserver and a fake SFU behind it. */
final class Fixture implements AutoCloseable {
    static final String KEY = "devkey";
    static final String SECRET = "secret"; // short on purpose: LiveKit and upstream's tests accept any length

    final FakeHomeserver homeserver;
    final FakeSfu sfu;
    final AuthServiceConfig config;
    final AuthService service;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Fixture(List<String> fullAccess, boolean cached) {
        this(fullAccess, cached, Map.of());
    }

    private Fixture(List<String> fullAccess, boolean cached, Map<String, String> csApiUrlOverrides) {
        this(fullAccess, cached, csApiUrlOverrides, Duration.ZERO);
    }

    private Fixture(List<String> fullAccess, boolean cached, Map<String, String> csApiUrlOverrides,
                    Duration sanityCheckInterval) {
        this(fullAccess, cached, csApiUrlOverrides, sanityCheckInterval, null);
    }

    private Fixture(List<String> fullAccess, boolean cached, Map<String, String> csApiUrlOverrides,
                    Duration sanityCheckInterval, String redisUrl) {
        homeserver = new FakeHomeserver();
        sfu = new FakeSfu();
        config = new AuthServiceConfig(sfu.wsUrl(), KEY, SecretBytes.copyOf(SECRET.getBytes(StandardCharsets.UTF_8)),
                fullAccess, new BindAddress("127.0.0.1", 0), false, true, sanityCheckInterval, csApiUrlOverrides);
        OpenIdValidator federation = OpenIdValidator.overFederation(config);
        service = AuthService.start(config,
                cached ? OpenIdValidator.cached(federation, InstantSource.system()) : federation,
                InstantSource.system(), redisUrl == null ? dev.myelin.authservice.delegation.JobStore.inMemoryOnly()
                        : dev.myelin.authservice.delegation.RedisJobStore.connect(redisUrl));
    }

    /** Users of the fake homeserver get full access (room creation). */
    static Fixture fullAccess() {
        return new Fixture(List.of("*"), false);
    }

    /** Full access, with client-server API URL overrides. */
    static Fixture fullAccess(Map<String, String> csApiUrlOverrides) {
        return new Fixture(List.of("*"), false, csApiUrlOverrides);
    }

    /** Full access, with delegations re-checking connected participants on the SFU at this interval. */
    static Fixture fullAccessWithSanityChecks(Duration interval) {
        return new Fixture(List.of("*"), false, Map.of(), interval);
    }

    /** Full access, delegations kept in Redis. */
    static Fixture fullAccessWithRedis(String redisUrl) {
        return new Fixture(List.of("*"), false, Map.of(), Duration.ZERO, redisUrl);
    }

    /** Another service on the same configuration and Redis (as after a restart). */
    AuthService restartedService(String redisUrl) {
        return AuthService.start(config, OpenIdValidator.overFederation(config), InstantSource.system(),
                dev.myelin.authservice.delegation.RedisJobStore.connect(redisUrl));
    }

    /** Nobody gets full access: tokens only, no room creation. */
    static Fixture restricted() {
        return new Fixture(List.of("other.example"), false);
    }

    /** Restricted, with the validation cache the standalone service runs with. */
    static Fixture restrictedWithCache() {
        return new Fixture(List.of("other.example"), true);
    }

    /** The fake homeserver publishes itself as its client-server API. */
    Fixture withClientApi() {
        homeserver.clientWellKnown("{\"m.homeserver\":{\"base_url\":\"" + homeserver.clientApiUrl() + "\"}}");
        return this;
    }

    dev.myelin.authservice.delegation.DelegationManager delegations() {
        return service.delegations();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> request(String method, String path) {
        return send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A complete, valid /get_token body for {@code @alice} on the fake homeserver. */
    String getTokenBody(String accessToken) {
        return """
                {"room_id":"!room:example.com","slot_id":"m.call#ROOM",
                 "openid_token":{"access_token":"%s","token_type":"Bearer","matrix_server_name":"%s","expires_in":3600},
                 "member":{"id":"member1","claimed_user_id":"@alice:%s","claimed_device_id":"DEVICE"}}
                """.formatted(accessToken, homeserver.serverName(), homeserver.serverName());
    }

    /** A /delegate_delayed_leave body for {@code @alice}, member {@code member1} on device {@code DEVICE}. */
    String delegateBody(String accessToken, String delayId, long delayTimeout) {
        return getTokenBody(accessToken).replaceFirst("\\{",
                "{\"delay_id\":\"" + delayId + "\",\"delay_timeout\":" + delayTimeout + ",");
    }

    /** The room and identity a delegation for {@link #delegateBody} watches. */
    dev.myelin.authservice.delegation.JobKey aliceKey() {
        return new dev.myelin.authservice.delegation.JobKey(
                dev.myelin.authservice.livekit.LiveKitNames.roomName("!room:example.com", "m.call#ROOM"),
                dev.myelin.authservice.livekit.LiveKitNames.identity(alice(), "DEVICE", "member1"));
    }

    int webhook(String event, dev.myelin.authservice.delegation.JobKey key, String disconnectReason) {
        return FakeSfu.sendWebhook(uri("/sfu_webhook"), KEY, SECRET, event, key.room(), key.identity(),
                disconnectReason);
    }

    /** Waits (up to 10 s) until the condition holds. */
    static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    String legacyBody(String accessToken) {
        return """
                {"room":"!room:example.com",
                 "openid_token":{"access_token":"%s","token_type":"Bearer","matrix_server_name":"%s","expires_in":3600},
                 "device_id":"DEVICE"}
                """.formatted(accessToken, homeserver.serverName());
    }

    String alice() {
        return "@alice:" + homeserver.serverName();
    }

    @Override
    public void close() {
        service.close();
        sfu.close();
        homeserver.close();
    }
}
