package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.authservice.livekit.LiveKitNames;
import dev.myelin.authservice.livekit.LiveKitTokens;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Our tokens, checked by the real livekit-server-sdk TokenVerifier (Node) in interop/livekit-server-sdk. */
class LiveKitServerSdkInteropTest {
    private static final Path PEER = Path.of(System.getProperty("myelin.vectors")).getParent()
            .resolve("interop/livekit-server-sdk");

    @Test
    void tokenVerifier_acceptsOurTokensAndDecodesTheGrants() throws Exception {
        try (var fixture = Fixture.restricted()) {
            fixture.homeserver.accept("good", fixture.alice());
            String getTokenJwt = Json.parseObject(fixture.post("/get_token", fixture.getTokenBody("good")).body())
                    .string("jwt");
            String legacyJwt = Json.parseObject(fixture.post("/sfu/get", fixture.legacyBody("good")).body())
                    .string("jwt");

            List<JsonObject> results = verify(Fixture.KEY, Fixture.SECRET, getTokenJwt, legacyJwt);

            assertThat(results).allSatisfy(r -> assertThat(r.bool("ok")).as(r.toString()).isTrue());
            JsonObject claims = results.get(0).object("claims");
            assertThat(claims.string("sub")).isEqualTo(LiveKitNames.identity(fixture.alice(), "DEVICE", "member1"));
            assertThat(claims.string("iss")).isEqualTo(Fixture.KEY);
            assertThat(claims.object("video")).isEqualTo(Json.parseObject("""
                    {"canPublish":true,"canSubscribe":true,"canUpdateOwnMetadata":true,"room":"%s","roomJoin":true}"""
                    .formatted(LiveKitNames.roomName("!room:example.com", "m.call#ROOM"))));
            JsonObject legacyClaims = results.get(1).object("claims");
            assertThat(legacyClaims.string("sub")).isEqualTo(fixture.alice() + ":DEVICE");
        }
    }

    @Test
    void tokenVerifier_rejectsWrongSecretWrongKeyAndExpiredTokens() throws Exception {
        var tokens = new LiveKitTokens("devkey", SecretBytes.copyOf("secret".getBytes(StandardCharsets.UTF_8)));
        String fresh = tokens.joinToken("id", "room", Instant.now());
        String expired = tokens.joinToken("id", "room", Instant.now().minusSeconds(7200));

        List<JsonObject> wrongSecret = verify("devkey", "other-secret", fresh);
        List<JsonObject> wrongKey = verify("otherkey", "secret", fresh);
        List<JsonObject> stale = verify("devkey", "secret", expired);

        assertThat(wrongSecret.getFirst().bool("ok")).isFalse();
        assertThat(wrongKey.getFirst().bool("ok")).isFalse();
        assertThat(stale.getFirst().bool("ok")).isFalse();
    }

    private static List<JsonObject> verify(String apiKey, String apiSecret, String... jwts)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(PEER.resolve("node_modules/livekit-server-sdk"))) {
            throw new AssertionError("livekit-server-sdk is not installed: run 'npm ci' in " + PEER
                    + " (./myelin test does it)");
        }
        JsonObject input = JsonObject.builder().put("apiKey", apiKey).put("apiSecret", apiSecret)
                .put("tokens", JsonValue.ofStrings(List.of(jwts))).build();
        Process node = new ProcessBuilder("node", "verify-token.mjs").directory(PEER.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var stdin = node.getOutputStream()) {
            stdin.write(Json.writeBytes(input));
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(node.exitValue()).as("node exit status, output: " + output).isZero();
        return output.lines().map(Json::parseObject).toList();
    }
}
