package dev.myelin.crypto.frame;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Reads test-vectors/livekit-e2ee.json. */
final class LiveKitVectors {
    static final HexFormat HEX = HexFormat.of();

    private LiveKitVectors() {
    }

    static JsonObject load() {
        Path file = Path.of(System.getProperty("myelin.vectors", "../test-vectors"), "livekit-e2ee.json");
        try {
            return Json.parseObject(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonObject object, String key) {
        return HEX.parseHex(object.string(key));
    }
}
