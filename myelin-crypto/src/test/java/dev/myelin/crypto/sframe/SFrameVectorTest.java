package dev.myelin.crypto.sframe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.Json;
import dev.myelin.json.JsonDecimal;
import dev.myelin.json.JsonInteger;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Vectors: test-vectors/sframe-rfc9605.json (sframe-wg test vectors as cited by RFC 9605). */
class SFrameVectorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonObject VECTORS = load();

    private static JsonObject load() {
        try {
            return Json.parseObject(Files.readAllBytes(
                    Path.of(System.getProperty("myelin.vectors", "../test-vectors"), "sframe-rfc9605.json")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<JsonObject> headers() {
        return VECTORS.array("header").objects().stream();
    }

    static Stream<JsonObject> ctrHmac() {
        return VECTORS.array("aes_ctr_hmac").objects().stream();
    }

    static Stream<JsonObject> full() {
        return VECTORS.array("sframe").objects().stream();
    }

    /** Unsigned 64-bit values beyond Long.MAX_VALUE parse as decimals. */
    private static long u64(JsonObject object, String key) {
        JsonValue value = object.get(key).orElseThrow();
        return switch (value) {
            case JsonInteger integer -> integer.value();
            case JsonDecimal decimal -> decimal.value().toBigIntegerExact().longValue();
            default -> throw new AssertionError(key + " is not a number");
        };
    }

    private static byte[] hex(JsonObject object, String key) {
        return HEX.parseHex(object.string(key));
    }

    private static SFrameCipherSuite suite(JsonObject vector) {
        return SFrameCipherSuite.byId((int) vector.integer("cipher_suite")).orElseThrow();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("headers")
    void encode_headerVector_matches(JsonObject vector) {
        SFrameHeader header = new SFrameHeader(u64(vector, "kid"), u64(vector, "ctr"));

        assertThat(HEX.formatHex(header.toBytes())).isEqualTo(vector.string("encoded"));
        assertThat(header.encodedLength()).isEqualTo(vector.string("encoded").length() / 2);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("headers")
    void decode_headerVector_returnsKidAndCtr(JsonObject vector) {
        byte[] encoded = hex(vector, "encoded");

        SFrameHeader header = SFrameHeader.decode(encoded, 0, encoded.length);

        assertThat(header).isEqualTo(new SFrameHeader(u64(vector, "kid"), u64(vector, "ctr")));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("ctrHmac")
    void ctrHmacAead_vector_sealsAndOpens(JsonObject vector) throws Exception {
        SFrameCipherSuite suite = suite(vector);
        byte[] key = hex(vector, "key");
        assertThat(Arrays.copyOf(key, 16)).containsExactly(hex(vector, "enc_key"));
        assertThat(Arrays.copyOfRange(key, 16, key.length)).containsExactly(hex(vector, "auth_key"));
        // CTR 0 makes the nonce equal to the salt
        SFrameKeyContext context = new SFrameKeyContext(suite, 0, key, hex(vector, "nonce"),
                SFramePrimitives.of(suite, dev.myelin.crypto.aead.AesGcmEngine.jdk()));
        byte[] aad = hex(vector, "aad");
        byte[] pt = hex(vector, "pt");
        byte[] out = new byte[pt.length + suite.tagLength()];

        int n = context.seal(0, aad, 0, aad.length, new byte[0], 0, 0, pt, 0, pt.length, out, 0);
        byte[] opened = new byte[n];
        int m = context.open(0, aad, 0, 5, aad, 5, aad.length - 5, out, 0, n, opened, 0);

        assertThat(HEX.formatHex(Arrays.copyOf(out, n))).isEqualTo(vector.string("ct"));
        assertThat(Arrays.copyOf(opened, m)).containsExactly(pt);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("full")
    void keySchedule_vector_matchesLabelsSecretKeyAndSalt(JsonObject vector) {
        SFrameCipherSuite suite = suite(vector);
        long kid = u64(vector, "kid");
        SecretBytes baseKey = SecretBytes.copyOf(hex(vector, "base_key"));

        SFrameKeySchedule.Derived derived = SFrameKeySchedule.derive(suite, kid, baseKey);

        assertThat(HEX.formatHex(SFrameKeySchedule.keyLabel(kid, suite))).isEqualTo(vector.string("sframe_key_label"));
        assertThat(HEX.formatHex(SFrameKeySchedule.saltLabel(kid, suite)))
                .isEqualTo(vector.string("sframe_salt_label"));
        assertThat(HEX.formatHex(SFrameKeySchedule.extract(suite, baseKey))).isEqualTo(vector.string("sframe_secret"));
        assertThat(HEX.formatHex(derived.key())).isEqualTo(vector.string("sframe_key"));
        assertThat(HEX.formatHex(derived.salt())).isEqualTo(vector.string("sframe_salt"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("full")
    void encrypt_vector_reproducesTheCiphertext(JsonObject vector) {
        SFrameEncryptor encryptor = SFrameEncryptor.create(suite(vector), u64(vector, "kid"),
                SecretBytes.copyOf(hex(vector, "base_key")));
        encryptor.setNextCounter(u64(vector, "ctr"));
        byte[] metadata = hex(vector, "metadata");
        byte[] pt = hex(vector, "pt");
        byte[] out = new byte[encryptor.maxEncryptedLength(pt.length)];

        int n = encryptor.encrypt(metadata, 0, metadata.length, pt, 0, pt.length, out, 0);

        assertThat(HEX.formatHex(Arrays.copyOf(out, n))).isEqualTo(vector.string("ct"));
        assertThat(encryptor.nextCounter()).isEqualTo(u64(vector, "ctr") + 1);
        byte[] aad = hex(vector, "aad");
        assertThat(Arrays.copyOf(aad, aad.length - metadata.length)).containsExactly(Arrays.copyOf(out,
                aad.length - metadata.length));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("full")
    void decrypt_vector_returnsThePlaintext(JsonObject vector) {
        SFrameDecryptor decryptor = SFrameDecryptor.create(suite(vector));
        decryptor.addKey(u64(vector, "kid"), SecretBytes.copyOf(hex(vector, "base_key")));
        byte[] metadata = hex(vector, "metadata");
        byte[] ct = hex(vector, "ct");
        byte[] out = new byte[ct.length];

        int n = decryptor.decrypt(metadata, 0, metadata.length, ct, 0, ct.length, out, 0);

        assertThat(HEX.formatHex(Arrays.copyOf(out, n))).isEqualTo(vector.string("pt"));
    }
}
