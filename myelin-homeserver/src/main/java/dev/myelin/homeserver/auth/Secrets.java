package dev.myelin.homeserver.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random tokens and ids, and the hash under which access tokens are stored. */
public final class Secrets {
    private static final String DEVICE_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOCALPART_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random;

    public Secrets(SecureRandom random) {
        this.random = random;
    }

    /** {@code myl_} and 256 random bits, URL-safe. */
    public String newAccessToken() {
        return "myl_" + randomBase64(32);
    }

    /** Ten upper-case letters, as Synapse and js-sdk make them. */
    public String newDeviceId() {
        return randomFrom(DEVICE_ID_ALPHABET, 10);
    }

    public String newSessionId() {
        return randomBase64(18);
    }

    /** For {@code /register} without a username. */
    public String newLocalpart() {
        return "u" + randomFrom(LOCALPART_ALPHABET, 15);
    }

    private String randomBase64(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private String randomFrom(String alphabet, int length) {
        var out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** SHA-256 hex of an access token: what the database keeps and looks up. */
    public static String tokenHash(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
