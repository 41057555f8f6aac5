package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.json.Json;
import dev.myelin.protocol.error.MatrixException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    @Test
    void wildcardMatching_agreesWithARegexReference_onSeededRandomPatterns() {
        long seed = System.nanoTime();
        System.out.println("EventFilterTest seed " + seed);
        var seeded = new java.util.SplittableRandom(seed);
        String alphabet = "ab.*";
        for (int round = 0; round < 20_000; round++) {
            String pattern = randomText(seeded, alphabet, 8);
            String value = randomText(seeded, "ab.", 10);
            String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q");
            assertThat(EventFilter.matches(pattern, value))
                    .as("seed %d: '%s' against '%s'", seed, pattern, value)
                    .isEqualTo(value.matches(regex));
        }
    }

    private static String randomText(java.util.SplittableRandom random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        var out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @Test
    void notListsWinOverPositiveLists_andAnEmptyPositiveListAllowsNothing() {
        EventFilter filter = EventFilter.parse(Json.parseObject("""
                {"types": ["m.*"], "not_types": ["m.room.member"], "senders": ["@a:hs", "@b:hs"],
                 "not_senders": ["@b:hs"], "rooms": ["!r:hs"], "not_rooms": ["!r:hs"]}"""), "filter");
        EventFilter nothing = EventFilter.parse(Json.parseObject("{\"types\": []}"), "filter");

        assertThat(filter.allows("m.room.message", "@a:hs")).isTrue();
        assertThat(filter.allows("m.room.member", "@a:hs")).isFalse();
        assertThat(filter.allows("m.room.message", "@b:hs")).isFalse();
        assertThat(filter.allows("org.example", "@a:hs")).isFalse();
        assertThat(filter.allowsRoom("!r:hs")).isFalse();
        assertThat(nothing.allows("m.room.message", "@a:hs")).isFalse();
        assertThat(EventFilter.ALL.allows("anything", "@x:hs")).isTrue();
    }

    @Test
    void wrongShapes_areBadJson() {
        for (String bad : new String[] {"{\"limit\": 0}", "{\"limit\": 1.5}", "{\"types\": [1]}",
                "{\"not_senders\": \"@a:hs\"}", "{\"lazy_load_members\": \"yes\"}"}) {
            assertThatThrownBy(() -> EventFilter.parse(Json.parseObject(bad), "filter"))
                    .as(bad).isInstanceOfSatisfying(MatrixException.class,
                            e -> assertThat(e.toJson().string("errcode")).isEqualTo("M_BAD_JSON"));
        }
    }
}
