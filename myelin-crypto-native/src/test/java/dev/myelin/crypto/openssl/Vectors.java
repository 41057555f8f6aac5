package dev.myelin.crypto.openssl;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** The shared vector files (test-vectors/), as the myelin-crypto tests read them. */
final class Vectors {
    static final HexFormat HEX = HexFormat.of();

    private Vectors() {
    }

    static JsonObject load(String file) {
        Path path = Path.of(System.getProperty("myelin.vectors", "../test-vectors"), file);
        try {
            return Json.parseObject(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonObject object, String key) {
        return HEX.parseHex(object.string(key));
    }
}
