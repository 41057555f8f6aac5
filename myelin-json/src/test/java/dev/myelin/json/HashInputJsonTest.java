package dev.myelin.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Vectors: ../test-vectors/identity-hashes.json (LiveKit room-name and identity hashes). */
class HashInputJsonTest {

    static Stream<JsonObject> vectors() throws IOException {
        Path file = Path.of(System.getProperty("myelin.vectors", "../test-vectors"), "identity-hashes.json");
        return Json.parseObject(Files.readAllBytes(file)).array("vectors").objects().stream();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void bothSerializers_reproduceTheVectorJsonAndHash(JsonObject vector) throws NoSuchAlgorithmException {
        List<String> input = vector.array("input").strings();
        String goJson = vector.optionalString("json_go").orElseGet(() -> vector.string("json"));
        String jsJson = vector.optionalString("json_js").orElseGet(() -> vector.string("json"));
        String goHash = vector.optionalString("hash_go").orElseGet(() -> vector.string("hash"));
        String jsHash = vector.optionalString("hash_js").orElseGet(() -> vector.string("hash"));

        assertThat(HashInputJson.goMarshal(input)).isEqualTo(goJson);
        assertThat(HashInputJson.jsStringify(input)).isEqualTo(jsJson);
        assertThat(hash(HashInputJson.goMarshal(input))).isEqualTo(goHash);
        assertThat(hash(HashInputJson.jsStringify(input))).isEqualTo(jsHash);
    }

    @Test
    void jsStringify_equalsCanonicalJsonForStringArrays() {
        List<String> input = List.of("a<b>&c", "\u0001\u001f\t\"\\", "\u2028\uD83D\uDE00", "\u007f");

        assertThat(HashInputJson.jsStringify(input)).isEqualTo(Json.canonical(JsonValue.ofStrings(input)));
    }

    @Test
    void goMarshal_escapesHtmlCharactersAndLineSeparators() {
        assertThat(HashInputJson.goMarshal(List.of("<>&\u2028\u2029\b\f\u0001")))
                .isEqualTo("[\"\\u003c\\u003e\\u0026\\u2028\\u2029\\b\\f\\u0001\"]");
    }

    @Test
    void unpairedSurrogates_becomeReplacementInGoAndEscapesInJs() {
        List<String> input = List.of("a\uD800b\uDFFF");

        assertThat(HashInputJson.goMarshal(input)).isEqualTo("[\"a\uFFFDb\uFFFD\"]");
        assertThat(HashInputJson.jsStringify(input)).isEqualTo("[\"a\\ud800b\\udfff\"]");
    }

    @Test
    void emptyArray_isTwoBrackets() {
        assertThat(HashInputJson.goMarshal(List.of())).isEqualTo("[]");
        assertThat(HashInputJson.jsStringify(List.of())).isEqualTo("[]");
    }

    private static String hash(String json) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().withoutPadding().encodeToString(digest);
    }
}
