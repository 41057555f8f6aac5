package dev.myelin.authservice.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.authservice.request.RequestDecodingException;
import dev.myelin.authservice.request.TokenRequest;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.protocol.error.MatrixException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Jazzer fuzz targets for the delegation's untrusted inputs: any webhook is delivered or ignored, never an exception;
 * any delegation body decodes or fails as a decoding error, and validation fails only as a 400. Normal test runs
 * replay the seed corpus (src/test/resources/dev/myelin/authservice/delegation/DelegationFuzzTestInputs); set
 * JAZZER_FUZZ=1 to fuzz.
 */
class DelegationFuzzTest {
    private static final SfuWebhook WEBHOOK =
            new SfuWebhook("key", SecretBytes.copyOf("secret".getBytes(StandardCharsets.UTF_8)));

    @FuzzTest(maxDuration = "30s")
    void webhook_anyHeaderAndBody_isDeliveredOrIgnored(FuzzedDataProvider data) {
        String authorization = data.consumeString(400);
        byte[] body = data.consumeRemainingAsBytes();

        var delivery = WEBHOOK.receive(Optional.of(authorization), body, Instant.parse("2026-06-01T12:00:00Z"));

        assertThat(delivery).isNotNull();
    }

    @FuzzTest(maxDuration = "30s")
    void delegationBody_anyBytes_decodesOrFailsAsUpstream(byte[] body) {
        TokenRequest request;
        try {
            request = TokenRequest.decode(body);
        } catch (RequestDecodingException expected) {
            return;
        }
        try {
            request.validateDelegation();
        } catch (MatrixException e) {
            assertThat(e.status()).isEqualTo(400);
        }
    }
}
