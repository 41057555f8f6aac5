package dev.myelin.crypto.megolm;

import dev.myelin.crypto.internal.Primitives;
import dev.myelin.json.Json;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Matrix key-export file ("Key exports" in the Client-Server spec): {@code 01 | salt(16) | IV(16) | rounds (u32be)
 * | AES-256-CTR ciphertext | HMAC-SHA-256 over all before}, keys {@code K ‖ K' = PBKDF2-HMAC-SHA-512(passphrase, salt,
 * rounds, 64)}, armoured between {@code -----BEGIN/END MEGOLM SESSION DATA-----}. The plaintext is the JSON array of
 * exported sessions ({@link ExportedRoomKey}).
 */
public final class KeyExportFile {
    /** What Element uses for new exports; each round is one HMAC-SHA-512. */
    public static final int DEFAULT_ROUNDS = 500_000;
    private static final String BEGIN = "-----BEGIN MEGOLM SESSION DATA-----";
    private static final String END = "-----END MEGOLM SESSION DATA-----";
    private static final int HEADER = 1 + 16 + 16 + 4;
    private static final int MAC_LENGTH = 32;
    private static final int LINE_LENGTH = 96;

    private KeyExportFile() {
    }

    /** Writes {@code keys} as an encrypted export file. */
    public static String exportKeys(List<ExportedRoomKey> keys, String passphrase, int rounds, RandomGenerator random) {
        byte[] json = Json.writeBytes(JsonValue.of(keys.stream().map(ExportedRoomKey::toJson).toList()));
        try {
            return encrypt(json, passphrase, rounds, random);
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    /** Reads an export file; entries of other algorithms are skipped. Throws {@link MegolmException} otherwise. */
    public static List<ExportedRoomKey> importKeys(String file, String passphrase) {
        byte[] json = decrypt(file, passphrase);
        try {
            if (!(Json.parse(json) instanceof JsonArray array)) {
                throw new MegolmException("key export is not a JSON array");
            }
            return array.elements().stream()
                    .filter(e -> e instanceof JsonObject o && ExportedRoomKey.ALGORITHM.equals(
                            o.optionalString("algorithm").orElse("")))
                    .map(e -> ExportedRoomKey.fromJson((JsonObject) e))
                    .toList();
        } catch (JsonException e) {
            throw new MegolmException("key export is not valid JSON");
        } finally {
            Arrays.fill(json, (byte) 0);
        }
    }

    public static String encrypt(byte[] plaintext, String passphrase, int rounds, RandomGenerator random) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be positive, got " + rounds);
        }
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        iv[8] &= 0x7F; // bit 63 clear, so implementations with a 64-bit counter never wrap
        byte[][] keys = keys(passphrase, salt, rounds);
        try {
            byte[] body = ByteBuffer.allocate(HEADER).put((byte) 1).put(salt).put(iv).putInt(rounds).array();
            byte[] unsigned = Primitives.concat(body, ctr(keys[0], iv, plaintext));
            byte[] file = Primitives.concat(unsigned, Primitives.hmacSha256(keys[1], unsigned));
            return armour(Base64.getEncoder().encodeToString(file));
        } finally {
            Arrays.fill(keys[0], (byte) 0);
            Arrays.fill(keys[1], (byte) 0);
        }
    }

    /** The plaintext; throws {@link MegolmException} on a malformed file or a wrong passphrase. */
    public static byte[] decrypt(String file, String passphrase) {
        byte[] data = unarmour(file);
        if (data.length < HEADER + MAC_LENGTH || data[0] != 1) {
            throw new MegolmException("not a version 1 key export");
        }
        ByteBuffer header = ByteBuffer.wrap(data);
        header.get();
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        header.get(salt).get(iv);
        long rounds = Integer.toUnsignedLong(header.getInt());
        if (rounds < 1 || rounds > 10_000_000) {
            throw new MegolmException("key export asks for " + rounds + " PBKDF2 rounds");
        }
        byte[][] keys = keys(passphrase, salt, (int) rounds);
        try {
            int macAt = data.length - MAC_LENGTH;
            byte[] expected = Primitives.hmacSha256(keys[1], Arrays.copyOf(data, macAt));
            if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, macAt, data.length))) {
                throw new MegolmException("wrong passphrase or damaged key export");
            }
            return ctr(keys[0], iv, Arrays.copyOfRange(data, HEADER, macAt));
        } finally {
            Arrays.fill(keys[0], (byte) 0);
            Arrays.fill(keys[1], (byte) 0);
        }
    }

    private static String armour(String base64) {
        var out = new StringBuilder(BEGIN).append('\n');
        for (int at = 0; at < base64.length(); at += LINE_LENGTH) {
            out.append(base64, at, Math.min(base64.length(), at + LINE_LENGTH)).append('\n');
        }
        return out.append(END).append('\n').toString();
    }

    private static byte[] unarmour(String file) {
        int begin = file.indexOf(BEGIN);
        int end = begin < 0 ? -1 : file.indexOf(END, begin + BEGIN.length());
        if (end < 0) {
            throw new MegolmException("key export lacks its BEGIN/END lines");
        }
        String body = file.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new MegolmException("key export body is not base64");
        }
    }

    private static byte[][] keys(String passphrase, byte[] salt, int rounds) {
        if (passphrase.isEmpty()) {
            throw new IllegalArgumentException("passphrase must not be empty");
        }
        var spec = new PBEKeySpec(passphrase.toCharArray(), salt, rounds, 512);
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            byte[][] keys = {Arrays.copyOfRange(derived, 0, 32), Arrays.copyOfRange(derived, 32, 64)};
            Arrays.fill(derived, (byte) 0);
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2-HMAC-SHA-512 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] ctr(byte[] key, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
    }
}
