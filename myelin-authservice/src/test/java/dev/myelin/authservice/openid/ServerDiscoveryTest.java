package dev.myelin.authservice.openid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.authservice.OpenIdRejectedException;
import dev.myelin.authservice.OpenIdToken;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerDiscoveryTest {
    private final dev.myelin.authservice.FakeHomeserverAccess homeserver = new dev.myelin.authservice.FakeHomeserverAccess();
    private final Map<String, List<SrvResolver.Target>> srvRecords = new HashMap<>();
    private final List<String> srvQueries = new ArrayList<>();
    private final SrvResolver srv = name -> {
        srvQueries.add(name);
        return srvRecords.getOrDefault(name, List.of());
    };
    private final FederationHttp http = new FederationHttp(false, true, Duration.ofSeconds(5));
    private static final int DEFAULT_PORT = 18448;

    private ServerDiscovery discovery() {
        return new ServerDiscovery(http, srv, homeserver.port(), DEFAULT_PORT);
    }

    @AfterEach
    void stop() {
        homeserver.close();
    }

    @Test
    void ipLiteralWithPort_isUsedAsGiven() {
        assertThat(discovery().resolve("127.0.0.1:8000"))
                .containsExactly(new Destination("127.0.0.1", 8000, "127.0.0.1:8000", "127.0.0.1"));
        assertThat(srvQueries).isEmpty();
    }

    @Test
    void ipLiteralWithoutPort_usesTheDefaultPortWithoutWellKnown() {
        assertThat(discovery().resolve("[::1]"))
                .containsExactly(new Destination("::1", DEFAULT_PORT, "[::1]", "::1"));
        assertThat(homeserver.wellKnownRequests()).isZero();
    }

    @Test
    void hostWithPort_skipsWellKnownAndSrv() {
        assertThat(discovery().resolve("localhost:9000"))
                .containsExactly(new Destination("localhost", 9000, "localhost:9000", "localhost"));
        assertThat(homeserver.wellKnownRequests()).isZero();
        assertThat(srvQueries).isEmpty();
    }

    @Test
    void wellKnownDelegation_isFollowedOnce() {
        homeserver.wellKnown("{\"m.server\":\"127.0.0.1:4242\"}");

        assertThat(discovery().resolve("localhost"))
                .containsExactly(new Destination("127.0.0.1", 4242, "127.0.0.1:4242", "127.0.0.1"));
    }

    @Test
    void wellKnownRedirect_isFollowed() {
        homeserver.wellKnownRedirect("/.well-known/matrix/server?moved=1");
        homeserver.wellKnown("{\"m.server\":\"127.0.0.1:4343\"}");

        assertThat(discovery().resolve("localhost"))
                .containsExactly(new Destination("127.0.0.1", 4343, "127.0.0.1:4343", "127.0.0.1"));
        assertThat(homeserver.wellKnownRequests()).isEqualTo(2);
    }

    @Test
    void wellKnownDelegationToBareName_looksUpSrvOnTheDelegatedName() {
        homeserver.wellKnown("{\"m.server\":\"delegated.test\"}");
        srvRecords.put("_matrix-fed._tcp.delegated.test", List.of(new SrvResolver.Target("target.test", 1234, 10, 5)));

        assertThat(discovery().resolve("localhost"))
                .containsExactly(new Destination("target.test", 1234, "delegated.test", "delegated.test"));
        assertThat(homeserver.wellKnownRequests()).isEqualTo(1);
    }

    @Test
    void noWellKnown_triesMatrixFedSrvThenLegacySrvThenDefaultPort() {
        assertThat(discovery().resolve("localhost"))
                .containsExactly(new Destination("localhost", DEFAULT_PORT, "localhost", "localhost"));
        assertThat(srvQueries).containsExactly("_matrix-fed._tcp.localhost", "_matrix._tcp.localhost");
    }

    @Test
    void legacySrv_isUsedWhenMatrixFedIsAbsent() {
        srvRecords.put("_matrix._tcp.localhost", List.of(
                new SrvResolver.Target("b.test", 2, 20, 0), new SrvResolver.Target("a.test", 1, 10, 0)));

        assertThat(discovery().resolve("localhost")).containsExactly(
                new Destination("a.test", 1, "localhost", "localhost"),
                new Destination("b.test", 2, "localhost", "localhost"));
    }

    @Test
    void malformedWellKnown_fallsBackToSrvAndDefault() {
        homeserver.wellKnown("{\"m.server\":42}");

        assertThat(discovery().resolve("localhost"))
                .containsExactly(new Destination("localhost", DEFAULT_PORT, "localhost", "localhost"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "exa mple.com", "example.com:99999", "example.com:", "[::1", "[nothex]:80", "a:b:c",
            "example.com:+80"})
    void invalidServerName_isRejected(String name) {
        assertThatThrownBy(() -> discovery().resolve(name)).isInstanceOf(OpenIdRejectedException.class);
    }

    @Test
    void validator_followsWellKnownToTheUserinfoServerAndSendsTheDelegatedHost() {
        homeserver.wellKnown("{\"m.server\":\"127.0.0.1:" + homeserver.port() + "\"}");
        homeserver.accept("tok", "@alice:localhost");
        var validator = new FederationOpenIdValidator(discovery(), http);

        assertThat(validator.userIdFor(new OpenIdToken("tok", "localhost", 60))).isEqualTo("@alice:localhost");
        assertThat(homeserver.lastHostHeader()).isEqualTo("127.0.0.1:" + homeserver.port());
    }

    @Test
    void validator_triesTheNextSrvTargetWhenOneIsDown() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        srvRecords.put("_matrix-fed._tcp.localhost", List.of(
                new SrvResolver.Target("127.0.0.1", closedPort, 1, 0),
                new SrvResolver.Target("127.0.0.1", homeserver.port(), 2, 0)));
        homeserver.accept("tok", "@bob:localhost");
        var validator = new FederationOpenIdValidator(discovery(), http);

        assertThat(validator.userIdFor(new OpenIdToken("tok", "localhost", 60))).isEqualTo("@bob:localhost");
        assertThat(homeserver.lastHostHeader()).isEqualTo("localhost");
    }

    @Test
    void plainHttp_isRefusedWithoutTheLoopbackSetting() {
        homeserver.accept("tok", "@alice:127.0.0.1:" + homeserver.port());
        var strictHttp = new FederationHttp(false, false, Duration.ofSeconds(5));
        var validator = new FederationOpenIdValidator(
                new ServerDiscovery(strictHttp, srv, homeserver.port(), DEFAULT_PORT), strictHttp);

        assertThatThrownBy(() -> validator.userIdFor(new OpenIdToken("tok", "127.0.0.1:" + homeserver.port(), 60)))
                .isInstanceOf(OpenIdRejectedException.class);
    }

    @Test
    void plainHttpSetting_doesNotApplyToNonLoopbackHosts() {
        assertThat(http.isPlain(new Destination("192.0.2.1", 80, "x", "x"))).isFalse();
        assertThat(http.isPlain(new Destination("example.com", 80, "x", "x"))).isFalse();
        assertThat(http.isPlain(new Destination("127.0.0.2", 80, "x", "x"))).isTrue();
        assertThat(http.isPlain(new Destination("::1", 80, "x", "x"))).isTrue();
    }
}
