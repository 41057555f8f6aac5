package dev.myelin.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonParserTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{'a':1}", "{a:1}", "01", "-", "1.", ".5", "1e", "+1", "NaN",
        "Infinity", "tru", "nul", "[1 2]", "{\"a\" 1}", "\"abc", "\"\\x\"", "\"\\u12G4\"", "\"\\u00\"",
        "\"\t\"", "\"\n\"", "// c\n{}", "{} {}", "{}x", "[\"\\ud800\"]", "[\"\\udc00x\"]", "\u00a0{}",
        "\"\\u０１２３\"",
    })
    void parse_rejectsTextThatIsNotStrictJson(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void parse_rejectsDuplicateMemberNames() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"b\":2,\"a\":3}"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("duplicate member name 'a'");
    }

    @Test
    void parse_rejectsDuplicatesInNestedObjectsToo() {
        assertThatThrownBy(() -> Json.parse("[{\"x\":{\"k\":1,\"k\":1}}]")).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void parse_rejectsInvalidUtf8AndByteOrderMark() {
        byte[] invalid = {'"', (byte) 0xc3, '"'};
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'};
        byte[] encodedSurrogate = {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'};

        assertThatThrownBy(() -> Json.parse(invalid)).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> Json.parse(bom)).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> Json.parse(encodedSurrogate)).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void parse_refusesDeepNestingWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThatThrownBy(() -> Json.parse(deep))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("nesting deeper than");
    }

    @Test
    void parse_acceptsNestingUpToTheLimit() {
        int depth = JsonParser.MAX_DEPTH;
        assertThat(Json.parse("[".repeat(depth) + "]".repeat(depth))).isInstanceOf(JsonArray.class);
    }

    @Test
    void parse_readsEveryKindOfValue() {
        JsonObject object = Json.parseObject(
                "{\"s\":\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\",\"i\":-42,\"d\":2.50,\"t\":true,\"f\":false,"
                        + "\"n\":null,\"o\":{},\"a\":[1,\"x\"]}");

        assertThat(object.string("s")).isEqualTo("a\"\\/\b\f\n\r\té\uD83D\uDE00");
        assertThat(object.integer("i")).isEqualTo(-42);
        assertThat(object.require("d", JsonDecimal.class).value()).isEqualTo(new BigDecimal("2.50"));
        assertThat(object.bool("t")).isTrue();
        assertThat(object.bool("f")).isFalse();
        assertThat(object.get("n")).contains(JsonNull.INSTANCE);
        assertThat(object.object("o").size()).isZero();
        assertThat(object.array("a").elements()).containsExactly(JsonValue.of(1), JsonValue.of("x"));
    }

    @Test
    void parse_classifiesNumbersByValue() {
        assertThat(Json.parse("1e10")).isEqualTo(JsonValue.of(10_000_000_000L));
        assertThat(Json.parse("-0")).isEqualTo(JsonValue.of(0));
        assertThat(Json.parse("100e-2")).isEqualTo(JsonValue.of(1));
        assertThat(Json.parse("1.0")).isInstanceOf(JsonDecimal.class);
        assertThat(Json.parse("9223372036854775807")).isEqualTo(JsonValue.of(Long.MAX_VALUE));
        assertThat(Json.parse("9223372036854775808")).isInstanceOf(JsonDecimal.class);
        assertThat(Json.parse("1e-999999999")).isInstanceOf(JsonDecimal.class);
    }

    @Test
    void parse_refusesNumbersBeyondBigDecimalRangeAsMalformed() {
        assertThatThrownBy(() -> Json.parse("1e99999999999")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> Json.parse("1" + "0".repeat(600))).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void parse_reportsTheOffsetOfTheError() {
        var error = org.junit.jupiter.api.Assertions.assertThrows(MalformedJsonException.class,
                () -> Json.parse("{\"a\": tru}"));

        assertThat(error.offset()).isEqualTo(6);
    }

    @Test
    void parseObject_distinguishesWrongShapeFromNotJson() {
        assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(JsonShapeException.class)
                .hasMessageContaining("expected a JSON object, not array");
        assertThatThrownBy(() -> Json.parseObject("[1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedJsonException.class);
    }

    /** Found by Jazzer: a decimal whose plain form has no fraction must not read back as an integer. */
    @Test
    void write_keepsDecimalsDecimalWhenTheirTextHasNoFraction() {
        for (String text : new String[] {"1.0e1", "1.0E+1", "0.0", "-1.00e2", "1.5E+30"}) {
            JsonValue value = Json.parse(text);

            assertThat(value).as(text).isInstanceOf(JsonDecimal.class);
            assertThat(Json.parse(Json.write(value))).as(text).isEqualTo(value);
        }
    }

    @Test
    void decimals_areEqualByNumericValue() {
        assertThat(Json.parse("10.0")).isEqualTo(Json.parse("1.0e1")).hasSameHashCodeAs(Json.parse("1.00e1"));
        assertThat(Json.parse("10.0")).isNotEqualTo(Json.parse("10"));
    }
}
