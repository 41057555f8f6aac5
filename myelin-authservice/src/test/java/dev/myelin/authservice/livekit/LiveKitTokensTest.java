package dev.myelin.authservice.livekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class LiveKitTokensTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    @Test
    void joinToken_hasUpstreamsPayloadBytes() {
        var tokens = new LiveKitTokens("key", SecretBytes.copyOf("s".getBytes(StandardCharsets.UTF_8)));

        String jwt = tokens.joinToken("id<&>", "room", NOW);

        assertThat(jwt.split("\\.")[0]).isEqualTo("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
        assertThat(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8))
                .isEqualTo("{\"exp\":1800003600,\"iat\":1800000000,\"iss\":\"key\",\"nbf\":1800000000,"
                        + "\"sub\":\"id\\u003c\\u0026\\u003e\",\"video\":{\"canPublish\":true,\"canSubscribe\":true,"
                        + "\"canUpdateOwnMetadata\":true,\"room\":\"room\",\"roomJoin\":true}}");
    }

    @Test
    void joinToken_isSignedWithRawShortSecret() throws Exception {
        var tokens = new LiveKitTokens("key", SecretBytes.copyOf("abc".getBytes(StandardCharsets.UTF_8)));

        String jwt = tokens.joinToken("id", "room", NOW);

        int dot = jwt.lastIndexOf('.');
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("abc".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(jwt.substring(0, dot).getBytes(StandardCharsets.US_ASCII)));
        assertThat(jwt.substring(dot + 1)).isEqualTo(expected);
    }

    @Test
    void roomCreateToken_grantsOnlyRoomCreateWithoutSubject() {
        var tokens = new LiveKitTokens("key", SecretBytes.copyOf("s".getBytes(StandardCharsets.UTF_8)));

        String payload = new String(Base64.getUrlDecoder().decode(tokens.roomCreateToken(NOW).split("\\.")[1]),
                StandardCharsets.UTF_8);

        assertThat(payload).isEqualTo("{\"exp\":1800021600,\"iat\":1800000000,\"iss\":\"key\",\"nbf\":1800000000,"
                + "\"video\":{\"roomCreate\":true}}");
    }

    @Test
    void emptyKeyOrSecret_cannotMint() {
        var noKey = new LiveKitTokens("", SecretBytes.copyOf(new byte[] {1}));
        var noSecret = new LiveKitTokens("key", SecretBytes.copyOf(new byte[0]));

        assertThatThrownBy(() -> noKey.joinToken("i", "r", NOW)).isInstanceOf(LiveKitTokens.TokenMintingException.class);
        assertThatThrownBy(() -> noSecret.joinToken("i", "r", NOW))
                .isInstanceOf(LiveKitTokens.TokenMintingException.class);
    }
}
