package dev.myelin.crypto.internal;

import java.util.Base64;

/** Matrix's base64: standard alphabet, written without padding, read with or without it. */
public final class Base64Unpadded {
    private Base64Unpadded() {
    }

    public static String encode(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Throws {@link IllegalArgumentException} on anything that is not base64. */
    public static byte[] decode(String text) {
        return Base64.getDecoder().decode(text);
    }
}
