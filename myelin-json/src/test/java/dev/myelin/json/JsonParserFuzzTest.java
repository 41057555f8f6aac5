package dev.myelin.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz target: any byte string either parses or fails with {@link JsonException}, and whatever parses
 * survives writing and parsing again unchanged. Normal test runs replay the seed corpus
 * (src/test/resources/dev/myelin/json/JsonParserFuzzTestInputs); set JAZZER_FUZZ=1 to fuzz.
 */
class JsonParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parse_anyBytes_eitherParsesAndRoundTripsOrThrowsJsonException(byte[] input) {
        JsonValue value;
        try {
            value = Json.parse(input);
        } catch (JsonException expected) {
            return;
        }
        assertThat(Json.parse(Json.write(value))).isEqualTo(value);
        try {
            String canonical = Json.canonical(value);
            assertThat(Json.canonical(Json.parse(canonical))).isEqualTo(canonical);
        } catch (JsonShapeException notCanonical) {
            // floats and large integers have no canonical form; that is the documented refusal
        }
    }
}
