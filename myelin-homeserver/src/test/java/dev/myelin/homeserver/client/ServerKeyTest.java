package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
class ServerKeyTest {
    private final TestClient client;

    ServerKeyTest(TestClient client) {
        this.client = client;
    }

    @Test
    void serverKeys_areSelfSignedWithThePublishedKey() throws Exception {
        JsonObject body = client.get("/_matrix/key/v2/server").json();

        assertThat(body.string("server_name")).isEqualTo("test.myelin");
        assertThat(body.integer("valid_until_ts")).isGreaterThan(System.currentTimeMillis());
        var verifyKeys = body.object("verify_keys");
        assertThat(verifyKeys.size()).isEqualTo(1);
        String keyId = verifyKeys.members().keySet().iterator().next();
        String publicKey = verifyKeys.object(keyId).string("key");
        String signature = body.object("signatures").object("test.myelin").string(keyId);

        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(
                Base64.getDecoder().decode(publicKey)));
        var verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        verifier.update(Json.canonicalBytes(body.without("signatures")));
        assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();
    }
}
