package dev.myelin.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Seeded property tests: random values survive canonical writing and parsing, and canonical output is stable. */
class CanonicalJsonRoundTripTest {
    private static final long BASE_SEED = 0x6d79656c696eL;

    @RepeatedTest(300)
    void canonical_roundTripsRandomValuesAndIsAFixedPoint(RepetitionInfo repetition) {
        long seed = BASE_SEED + repetition.getCurrentRepetition();
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        JsonValue value = randomValue(random, 0);

        String canonical = Json.canonical(value);
        JsonValue parsed = Json.parse(canonical.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed).as("seed %d", seed).isEqualTo(value);
        assertThat(Json.canonical(parsed)).as("seed %d", seed).isEqualTo(canonical);
        assertThat(Json.parse(Json.write(value))).as("seed %d", seed).isEqualTo(value);
        assertKeysSortedByUtf8Bytes(parsed, seed);
    }

    private static void assertKeysSortedByUtf8Bytes(JsonValue value, long seed) {
        switch (value) {
            case JsonObject object -> {
                // Re-parse keeps the canonical (sorted) order, so neighbouring keys must ascend as UTF-8 bytes.
                var keys = new ArrayList<>(Json.parseObject(Json.canonical(object)).members().keySet());
                for (int i = 1; i < keys.size(); i++) {
                    byte[] previous = keys.get(i - 1).getBytes(StandardCharsets.UTF_8);
                    byte[] current = keys.get(i).getBytes(StandardCharsets.UTF_8);
                    assertThat(Arrays.compareUnsigned(previous, current)).as("seed %d", seed).isNegative();
                }
                object.members().values().forEach(member -> assertKeysSortedByUtf8Bytes(member, seed));
            }
            case JsonArray array -> array.elements().forEach(element -> assertKeysSortedByUtf8Bytes(element, seed));
            default -> {
            }
        }
    }

    private static JsonValue randomValue(RandomGenerator random, int depth) {
        int kind = random.nextInt(depth > 4 ? 5 : 7);
        return switch (kind) {
            case 0 -> JsonValue.of(randomString(random));
            case 1 -> JsonValue.of(random.nextLong(-JsonInteger.MAX_SAFE, JsonInteger.MAX_SAFE + 1));
            case 2 -> JsonValue.of(random.nextBoolean());
            case 3 -> JsonNull.INSTANCE;
            case 4 -> JsonValue.of(random.nextInt(-1000, 1000));
            case 5 -> {
                var elements = new ArrayList<JsonValue>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    elements.add(randomValue(random, depth + 1));
                }
                yield JsonValue.of(elements);
            }
            default -> {
                var members = new LinkedHashMap<String, JsonValue>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    members.put(randomString(random), randomValue(random, depth + 1));
                }
                yield JsonValue.of(members);
            }
        };
    }

    /** Strings mixing ASCII, controls, BMP characters on both sides of the surrogate range, and astral ones. */
    private static String randomString(RandomGenerator random) {
        var out = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            int codePoint = switch (random.nextInt(5)) {
                case 0 -> random.nextInt(0x00, 0x20);
                case 1 -> random.nextInt(0x20, 0x80);
                case 2 -> random.nextInt(0x80, 0xD800);
                case 3 -> random.nextInt(0xE000, 0x10000);
                default -> random.nextInt(0x10000, 0x110000);
            };
            out.appendCodePoint(codePoint);
        }
        return out.toString();
    }
}
