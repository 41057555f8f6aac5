package dev.myelin.authservice.openid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.authservice.LoopbackTls;
import dev.myelin.authservice.OpenIdRejectedException;
import dev.myelin.authservice.OpenIdToken;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenID lookups go over verified HTTPS; only the exact insecure phrase skips the checks. */
class TlsVerificationTest {
    @TempDir
    static Path dir;
    private static LoopbackTls homeserver;

    @BeforeAll
    static void start() throws Exception {
        homeserver = LoopbackTls.userinfoServer(dir, "@alice:127.0.0.1:%d");
    }

    @AfterAll
    static void stop() {
        homeserver.close();
    }

    @Test
    void selfSignedHomeserver_isRejectedWhenVerifying() {
        var validator = FederationOpenIdValidator.create(false, false);
        int before = homeserver.requests();

        assertThatThrownBy(() -> validator.userIdFor(new OpenIdToken("tok", homeserver.serverName(), 60)))
                .isInstanceOf(OpenIdRejectedException.class);
        assertThat(homeserver.requests()).as("no HTTP request reaches an unverified server").isEqualTo(before);
    }

    @Test
    void selfSignedHomeserver_isAcceptedWithInsecureSkipVerify() {
        var validator = FederationOpenIdValidator.create(true, false);

        assertThat(validator.userIdFor(new OpenIdToken("tok", homeserver.serverName(), 60)))
                .isEqualTo("@alice:" + homeserver.serverName());
    }
}
