package dev.myelin.crypto;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Reads the shared known-answer vectors in {@code test-vectors/olm-megolm.json}. */
public final class Vectors {
    private Vectors() {
    }

    public static JsonObject olmMegolm() {
        Path file = Path.of(System.getProperty("myelin.vectors", "../test-vectors"), "olm-megolm.json");
        try {
            return Json.parseObject(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
