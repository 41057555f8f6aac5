package dev.myelin.protocol.id;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.function.Function;

/** Any string either parses as each kind of identifier and prints back unchanged, or is refused as invalid. */
class IdentifierFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parsers_anyString_returnTheSameTextOrThrowInvalidIdentifier(FuzzedDataProvider data) {
        String raw = data.consumeRemainingAsString();
        check(raw, UserId::parse);
        check(raw, RoomId::parse);
        check(raw, RoomAlias::parse);
        check(raw, EventId::parse);
        check(raw, DeviceId::of);
        check(raw, ServerName::of);
    }

    private static void check(String raw, Function<String, ?> parser) {
        Object id;
        try {
            id = parser.apply(raw);
        } catch (InvalidIdentifierException expected) {
            return;
        }
        assertThat(id).hasToString(raw);
    }
}
