package dev.myelin.crypto;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Reads the shared known-answer vectors in {@code test-vectors/}. */
public final class Vectors {
    private Vectors() {
    }

    public static JsonObject olmMegolm() {
        return load("olm-megolm.json");
    }

    /** RFC 8032's Ed25519 vectors ({@code test-vectors/ed25519-rfc8032.json}). */
    public static JsonObject ed25519() {
        return load("ed25519-rfc8032.json");
    }

    /** Project Wycheproof's Ed25519 verification cases ({@code test-vectors/ed25519-wycheproof.json}). */
    public static JsonObject ed25519Wycheproof() {
        return load("ed25519-wycheproof.json");
    }

    private static JsonObject load(String name) {
        Path file = Path.of(System.getProperty("myelin.vectors", "../test-vectors"), name);
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
