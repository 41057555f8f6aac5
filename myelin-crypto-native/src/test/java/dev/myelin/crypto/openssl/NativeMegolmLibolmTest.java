package dev.myelin.crypto.openssl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.megolm.InboundGroupSession;
import dev.myelin.crypto.megolm.MegolmMessage;
import dev.myelin.crypto.megolm.OutboundGroupSession;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Megolm signed and checked by the OpenSSL engine (installed here) against libolm 3.2 (python3-olm), both directions:
 * libolm checks every message's Ed25519 signature, and so does the Java inbound session.
 */
class NativeMegolmLibolmTest {

    @Test
    void megolmWithOpenSslSignatures_libolmDecryptsOursAndWeDecryptLibolms() throws Exception {
        assertThat(Ed25519Engine.installed().name()).isEqualTo("openssl");
        var outbound = OutboundGroupSession.create(new Random(21));
        String sessionKey = outbound.sessionKey(); // from index 0, before the messages
        var bodies = new ArrayList<JsonValue>();
        for (int i = 0; i < 3; i++) {
            bodies.add(JsonValue.of(outbound.encrypt(("java " + i).getBytes(UTF_8)).toBase64()));
        }
        JsonObject request = JsonObject.builder().put("session_key", sessionKey)
                .put("bodies", JsonValue.of(bodies)).build();

        JsonObject reply = runLibolm(request);

        assertThat(reply.array("plaintexts").strings()).containsExactly("java 0", "java 1", "java 2");
        var inbound = InboundGroupSession.fromSessionKey(reply.string("session_key"));
        List<String> decrypted = reply.array("bodies").strings().stream()
                .map(body -> new String(inbound.decrypt(MegolmMessage.fromBase64(body)).plaintext(), UTF_8))
                .toList();
        assertThat(decrypted).containsExactly("libolm 0", "libolm 1", "libolm 2");
    }

    private static JsonObject runLibolm(JsonObject request) throws Exception {
        Path script = Files.createTempFile("megolm_peer", ".py");
        try {
            try (InputStream in = NativeMegolmLibolmTest.class.getResourceAsStream("megolm_peer.py")) {
                assertThat(in).as("megolm_peer.py test resource").isNotNull();
                Files.write(script, in.readAllBytes());
            }
            Process process = new ProcessBuilder("/usr/bin/python3", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(Json.write(request).getBytes(UTF_8));
            }
            byte[] output = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("libolm peer finished").isTrue();
            assertThat(process.exitValue()).as("libolm peer status (3: python3-olm missing; .ci/run installs it)")
                    .isZero();
            return Json.parseObject(output);
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
