package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.RateLimit;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login, registration and unauthenticated-request limits, each tight in turn, on a clock the test moves. */
class AuthRateLimitTest {
    private static final RateLimit LOOSE = new RateLimit(10_000, 1_000_000);
    private final AtomicLong now = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

    @TempDir
    Path data;

    private Homeserver start(AuthRateLimits limits) {
        return start(limits, false);
    }

    private Homeserver start(AuthRateLimits limits, boolean trustForwardedFor) {
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        return Homeserver.start(HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).clock(clock)
                .authRateLimits(limits).trustForwardedFor(trustForwardedFor).build());
    }

    private static int loginFrom(TestClient client, String forwardedFor) {
        return client.send("POST", "/_matrix/client/v3/login", dev.myelin.json.Json.writeBytes(login("alice", "pw")),
                java.util.List.of("X-Forwarded-For", forwardedFor)).status();
    }

    @Test
    void behindATrustedProxy_eachForwardedClientHasItsOwnBudget_elseTheHeaderIsIgnored() {
        int[] trusted;
        try (var server = start(new AuthRateLimits(new RateLimit(0.001, 1), LOOSE, LOOSE, LOOSE, LOOSE), true)) {
            var client = new TestClient(server.baseUri());
            client.register("alice", "pw");
            trusted = new int[] {loginFrom(client, "203.0.113.7"), loginFrom(client, "203.0.113.7, 10.0.0.1"),
                    loginFrom(client, "2001:db8::42"), loginFrom(client, "not-an-address"),
                    loginFrom(client, "evil.example")};
        }
        int[] untrusted;
        try (var server = start(new AuthRateLimits(new RateLimit(0.001, 1), LOOSE, LOOSE, LOOSE, LOOSE), false)) {
            var client = new TestClient(server.baseUri());
            untrusted = new int[] {loginFrom(client, "203.0.113.7"), loginFrom(client, "198.51.100.9")};
        }

        // Trusted: the first forwarded address is the client; a header that is no address falls back to the socket.
        assertThat(trusted).containsExactly(200, 429, 200, 200, 429);
        // Not trusted: both come from the loopback socket, whatever they claim.
        assertThat(untrusted[0]).isNotEqualTo(429);
        assertThat(untrusted[1]).isEqualTo(429);
    }

    private static JsonObject login(String user, String password) {
        return JsonObject.builder().put("type", "m.login.password")
                .put("identifier", JsonObject.builder().put("type", "m.id.user").put("user", user).build())
                .put("password", password).build();
    }

    @Test
    void loginsFromOneAddress_pastTheBurst_are429WithRetryAfter_untilRefilled() {
        try (var server = start(new AuthRateLimits(new RateLimit(0.5, 2), LOOSE, LOOSE, LOOSE, LOOSE))) {
            var client = new TestClient(server.baseUri());
            client.register("alice", "pw");

            var first = client.post("/_matrix/client/v3/login", login("alice", "pw"));
            var second = client.post("/_matrix/client/v3/login", login("alice", "wrong"));
            var third = client.post("/_matrix/client/v3/login", login("alice", "pw"));
            var whoami = client.withToken(first.json().string("access_token")).get("/_matrix/client/v3/account/whoami");
            now.addAndGet(2_000);
            var afterRefill = client.post("/_matrix/client/v3/login", login("alice", "pw"));

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(403);
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
            assertThat(third.json().integer("retry_after_ms")).isEqualTo(2_000);
            assertThat(third.header("Retry-After")).hasValue("2");
            assertThat(whoami.status()).isEqualTo(200);
            assertThat(afterRefill.status()).isEqualTo(200);
        }
    }

    @Test
    void failedLogins_spendTheAccountsBucket_thenEvenTheRightPasswordWaits_andOtherAccountsDoNot() {
        try (var server = start(new AuthRateLimits(LOOSE, LOOSE, new RateLimit(0.1, 2), LOOSE, LOOSE))) {
            var client = new TestClient(server.baseUri());
            client.register("bob", "pw");
            client.register("carol", "pw");

            var wrong1 = client.post("/_matrix/client/v3/login", login("bob", "nope"));
            var wrong2 = client.post("/_matrix/client/v3/login", login("@BOB:" + HomeserverExtension.SERVER_NAME,
                    "nope"));
            var right = client.post("/_matrix/client/v3/login", login("bob", "pw"));
            var otherAccount = client.post("/_matrix/client/v3/login", login("carol", "pw"));
            now.addAndGet(10_000);
            var later = client.post("/_matrix/client/v3/login", login("bob", "pw"));

            assertThat(wrong1.status()).isEqualTo(403);
            assertThat(wrong2.status()).isEqualTo(403);
            assertThat(right.status()).isEqualTo(429);
            assertThat(right.json().integer("retry_after_ms")).isEqualTo(10_000);
            assertThat(otherAccount.status()).isEqualTo(200);
            assertThat(later.status()).isEqualTo(200);
        }
    }

    @Test
    void successfulLoginsToOneAccount_pastTheBurst_are429() {
        try (var server = start(new AuthRateLimits(LOOSE, new RateLimit(1, 1), LOOSE, LOOSE, LOOSE))) {
            var client = new TestClient(server.baseUri());
            client.register("dave", "pw");

            var first = client.post("/_matrix/client/v3/login", login("dave", "pw"));
            var second = client.post("/_matrix/client/v3/login", login("dave", "pw"));

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(429);
        }
    }

    @Test
    void registrations_pastTheBurst_are429_butTheChallengeStepSpendsNothing() {
        try (var server = start(new AuthRateLimits(LOOSE, LOOSE, LOOSE, new RateLimit(0.5, 2), LOOSE))) {
            var client = new TestClient(server.baseUri());
            for (int i = 0; i < 3; i++) {
                var challenge = client.post("/_matrix/client/v3/register",
                        JsonObject.builder().put("username", "probe" + i).build());
                assertThat(challenge.status()).isEqualTo(401);
            }
            client.register("erin", "pw");
            client.register("frank", "pw");

            var third = client.post("/_matrix/client/v3/register", JsonObject.builder().put("username", "gina")
                    .put("auth", JsonObject.builder().put("type", "m.login.dummy").build()).build());
            now.addAndGet(2_000);
            var afterRefill = client.post("/_matrix/client/v3/register", JsonObject.builder().put("username", "gina")
                    .put("auth", JsonObject.builder().put("type", "m.login.dummy").build()).build());

            assertThat(third.status()).isEqualTo(429);
            assertThat(third.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
            assertThat(third.header("Retry-After")).hasValue("2");
            assertThat(afterRefill.status()).isEqualTo(200);
        }
    }

    @Test
    void unauthenticatedRequests_pastTheBurst_are429_whileAuthenticatedOnesPass() {
        try (var server = start(new AuthRateLimits(LOOSE, LOOSE, LOOSE, LOOSE, new RateLimit(1, 4)))) {
            var client = new TestClient(server.baseUri());
            var henry = client.register("henry", "pw"); // two unauthenticated requests

            var versions1 = client.get("/_matrix/client/versions");
            var versions2 = client.get("/_matrix/client/versions");
            var limited = client.get("/_matrix/client/versions");
            var authenticated = henry.client().get("/_matrix/client/versions");
            now.addAndGet(1_000);
            var afterRefill = client.get("/_matrix/client/versions");

            assertThat(versions1.status()).isEqualTo(200);
            assertThat(versions2.status()).isEqualTo(200);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().integer("retry_after_ms")).isEqualTo(1_000);
            assertThat(authenticated.status()).isEqualTo(200);
            assertThat(afterRefill.status()).isEqualTo(200);
        }
    }
}
