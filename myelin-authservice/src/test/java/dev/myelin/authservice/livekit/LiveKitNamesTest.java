package dev.myelin.authservice.livekit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LiveKitNamesTest {
    static Stream<JsonObject> vectors() throws Exception {
        Path file = Path.of(System.getProperty("myelin.vectors"), "identity-hashes.json");
        return Json.parseObject(Files.readString(file)).array("vectors").elements().stream()
                .map(JsonObject.class::cast);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void hash_matchesGoVector(JsonObject vector) {
        List<String> input = vector.array("input").elements().stream().map(v -> ((JsonString) v).value()).toList();
        String expected = vector.optionalString("hash_go").orElseGet(() -> vector.string("hash"));

        assertThat(LiveKitNames.hash(input)).isEqualTo(expected);
        if (input.size() == 2) {
            assertThat(LiveKitNames.roomName(input.get(0), input.get(1))).isEqualTo(expected);
        } else if (input.size() == 3 && vector.string("kind").equals("identity")) {
            assertThat(LiveKitNames.identity(input.get(0), input.get(1), input.get(2))).isEqualTo(expected);
        }
    }
}
