package dev.myelin.authservice.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoJsonDecodingTest {
    private static LegacyTokenRequest legacy(String json) {
        return LegacyTokenRequest.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void duplicateMember_lastWins() {
        assertThat(legacy("{\"room\":\"a\",\"room\":\"b\"}").room()).isEqualTo("b");
    }

    @Test
    void memberNames_matchCaseInsensitively() {
        assertThat(legacy("{\"ROOM\":\"a\",\"Device_ID\":\"d\"}")).satisfies(r -> {
            assertThat(r.room()).isEqualTo("a");
            assertThat(r.deviceId()).isEqualTo("d");
        });
    }

    @Test
    void memberNames_foldUnicodeAsGo() {
        // U+017F LATIN SMALL LETTER LONG S folds to 'S', U+212A KELVIN SIGN to 'K'
        TokenRequest request = TokenRequest.decode("{\"\u017Flot_id\":\"s\",\"openid_token\":{\"access_to\u212Aen\":\"t\"}}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(request.slotId()).isEqualTo("s");
        assertThat(request.openIdToken().accessToken()).isEqualTo("t");
    }

    @Test
    void escapedMemberName_matchesItsField() {
        assertThat(legacy("{\"r\\u006fom\":\"a\"}").room()).isEqualTo("a");
    }

    @Test
    void nullValue_leavesEarlierValue() {
        assertThat(legacy("{\"room\":\"a\",\"room\":null}").room()).isEqualTo("a");
    }

    @Test
    void repeatedNestedObject_mergesIntoTheSameStruct() {
        LegacyTokenRequest request = legacy("{\"openid_token\":{\"access_token\":\"t\"},"
                + "\"openid_token\":{\"matrix_server_name\":\"s\"}}");

        assertThat(request.openIdToken().accessToken()).isEqualTo("t");
        assertThat(request.openIdToken().matrixServerName()).isEqualTo("s");
    }

    @Test
    void bytesAfterFirstValue_areIgnored() {
        assertThat(legacy("  {\"room\":\"a\"} }}} not json").room()).isEqualTo("a");
    }

    @Test
    void topLevelNull_decodesToEmptyRequest() {
        assertThat(legacy("null").room()).isEmpty();
    }

    @Test
    void invalidUtf8_becomesOneReplacementPerBadByte() {
        byte[] body = {'{', '"', 'r', 'o', 'o', 'm', '"', ':', '"', 'a', (byte) 0xe2, (byte) 0x82, 'b', (byte) 0xff, '"', '}'};

        assertThat(LegacyTokenRequest.decode(body).room()).isEqualTo("a\uFFFD\uFFFDb\uFFFD");
    }

    @Test
    void unpairedSurrogateEscape_becomesReplacement() {
        assertThat(legacy("{\"room\":\"\\ud800x\\ud83d\\ude00\\udc00\"}").room())
                .isEqualTo("\uFFFDx\uD83D\uDE00\uFFFD");
    }

    @Test
    void highSurrogateFollowedByNonLowEscape_keepsTheSecondEscape() {
        assertThat(legacy("{\"room\":\"\\ud800\\u0041\"}").room()).isEqualTo("\uFFFDA");
    }

    @Test
    void integers_acceptNegativeAndZero() {
        assertThat(legacy("{\"delay_timeout\":-0}").delayTimeout()).isZero();
        assertThat(legacy("{\"delay_timeout\":-5}").delayTimeout()).isEqualTo(-5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{\"room\":\"a\"", "{\"room\":01}", "{\"room\":\"a\"]", "{'room':'a'}",
            "{\"room\":\"a\",}", "{\"delay_timeout\":9223372036854775808}", "{\"delay_timeout\":1e2}",
            "{\"delay_timeout\":1.0}", "{\"room\":\"\t\"}", "{\"room\":tru}", "[1", "{\"x\":1}",
            "{\"openid_token\":{\"extra\":1}}", "{\"openid_token\":[]}", "{\"room\":{}}", "true", "\"room\""})
    void refusedBodies_failDecoding(String json) {
        assertThatThrownBy(() -> legacy(json)).isInstanceOf(RequestDecodingException.class);
    }

    @Test
    void deepNesting_failsWithoutStackOverflow() {
        String deep = "{\"room\":" + "[".repeat(100_000);

        assertThatThrownBy(() -> legacy(deep)).isInstanceOf(RequestDecodingException.class);
    }

    @Test
    void fold_matchesGoFoldName() {
        assertThat(GoStruct.fold("room_id")).isEqualTo("ROOM_ID");
        assertThat(GoStruct.fold("\u017F")).isEqualTo("S");
        assertThat(GoStruct.fold("\u212A")).isEqualTo("K");
        assertThat(GoStruct.fold("\u00e9")).isEqualTo("\u00c9");
    }
}
