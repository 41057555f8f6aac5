package dev.myelin.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalJsonTest {

    /** The examples of the Matrix specification's appendix on canonical JSON: input, expected output. */
    static Stream<Arguments> specAppendixExamples() {
        return Stream.of(
                Arguments.of("{}", "{}"),
                Arguments.of("{ \"one\": 1, \"two\": \"Two\" }", "{\"one\":1,\"two\":\"Two\"}"),
                Arguments.of("{\n  \"b\": \"2\",\n  \"a\": \"1\"\n}", "{\"a\":\"1\",\"b\":\"2\"}"),
                Arguments.of("{\"b\":\"2\",\"a\":\"1\"}", "{\"a\":\"1\",\"b\":\"2\"}"),
                Arguments.of("{\"auth\":{\"success\":true,\"mxid\":\"@john.doe:example.com\",\"profile\":{"
                                + "\"display_name\":\"John Doe\",\"three_pids\":[{\"medium\":\"email\","
                                + "\"address\":\"john.doe@example.org\"},{\"medium\":\"msisdn\","
                                + "\"address\":\"123456789\"}]}}}",
                        "{\"auth\":{\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":\"John Doe\","
                                + "\"three_pids\":[{\"address\":\"john.doe@example.org\",\"medium\":\"email\"},"
                                + "{\"address\":\"123456789\",\"medium\":\"msisdn\"}]},\"success\":true}}"),
                Arguments.of("{ \"a\": \"日本語\" }", "{\"a\":\"日本語\"}"),
                Arguments.of("{ \"本\": 2, \"日\": 1 }", "{\"日\":1,\"本\":2}"),
                Arguments.of("{ \"a\": \"\\u65E5\" }", "{\"a\":\"日\"}"),
                Arguments.of("{ \"a\": null }", "{\"a\":null}"),
                Arguments.of("{ \"a\": -0, \"b\": 1e10 }", "{\"a\":0,\"b\":10000000000}"));
    }

    @ParameterizedTest
    @MethodSource("specAppendixExamples")
    void canonical_specAppendixExamples_matchExactly(String input, String expected) {
        assertThat(Json.canonical(Json.parse(input))).isEqualTo(expected);
    }

    @Test
    void canonical_sortsKeysByCodePointNotUtf16Unit() {
        var members = new LinkedHashMap<String, JsonValue>();
        members.put("\uD83D\uDE00", JsonValue.of(2)); // U+1F600: UTF-16 unit 0xD83D sorts before 0xE000
        members.put("\uE000", JsonValue.of(1));
        members.put("a", JsonValue.of(0));

        assertThat(Json.canonical(JsonValue.of(members))).isEqualTo("{\"a\":0,\"\uE000\":1,\"\uD83D\uDE00\":2}");
    }

    @Test
    void canonical_escapesControlsInLowerCaseAndLeavesEverythingElseRaw() {
        String input = "\u0000\u0001\b\t\n\u000b\f\r\u001f \"\\/\u007f\u2028é\uD83D\uDE00";

        assertThat(Json.canonical(JsonValue.of(input)))
                .isEqualTo("\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \\\"\\\\/\u007f\u2028é\uD83D\uDE00\"");
    }

    @Test
    void canonical_acceptsIntegersAtTheSafeLimits() {
        var object = JsonObject.builder().put("max", JsonInteger.MAX_SAFE).put("min", -JsonInteger.MAX_SAFE).build();

        assertThat(Json.canonical(object)).isEqualTo("{\"max\":9007199254740991,\"min\":-9007199254740991}");
    }

    @Test
    void canonical_rejectsIntegersBeyondTheSafeLimits() {
        assertThatThrownBy(() -> Json.canonical(JsonValue.of(JsonInteger.MAX_SAFE + 1)))
                .isInstanceOf(JsonShapeException.class)
                .hasMessageContaining("9007199254740992");
        assertThatThrownBy(() -> Json.canonical(Json.parse("[-9007199254740992]")))
                .isInstanceOf(JsonShapeException.class);
    }

    @Test
    void canonical_rejectsFloatsEvenWithIntegralValues() {
        assertThatThrownBy(() -> Json.canonical(Json.parse("{\"a\":1.0}")))
                .isInstanceOf(JsonShapeException.class)
                .hasMessageContaining("integers only");
        assertThatThrownBy(() -> Json.canonical(JsonValue.of(new BigDecimal("0.5"))))
                .isInstanceOf(JsonShapeException.class);
    }

    @Test
    void canonical_rejectsHugeExponentIntegers() {
        assertThatThrownBy(() -> Json.canonical(Json.parse("1e300"))).isInstanceOf(JsonShapeException.class);
    }

    @Test
    void canonicalBytes_areUtf8() {
        assertThat(Json.canonicalBytes(JsonValue.of("é"))).containsExactly('"', 0xc3, 0xa9, '"');
    }

    @Test
    void write_keepsInsertionOrderAndAllowsDecimals() {
        var object = JsonObject.builder().put("b", 1).put("a", JsonValue.of(new BigDecimal("1.5"))).build();

        assertThat(Json.write(object)).isEqualTo("{\"b\":1,\"a\":1.5}");
    }
}
