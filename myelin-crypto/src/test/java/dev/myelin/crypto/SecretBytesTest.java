package dev.myelin.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretBytesTest {
    private static final byte[] KEY = {1, 2, 3, 4, 5, 6, 7, 8};

    @Test
    void toString_neverShowsTheBytes() {
        SecretBytes secret = SecretBytes.copyOf(KEY);

        assertThat(secret.toString()).isEqualTo("SecretBytes[8 bytes]").doesNotContain("1, 2");
        assertThat(String.valueOf(secret)).doesNotContain("0102");
    }

    @Test
    void copyOf_isolatesTheWrapperFromTheCallersArray() {
        byte[] source = KEY.clone();
        SecretBytes secret = SecretBytes.copyOf(source);
        source[0] = 99;

        assertThat(secret.exposeCopy()).containsExactly(KEY);
    }

    @Test
    void exposeCopy_returnsAFreshArrayEachTime() {
        SecretBytes secret = SecretBytes.copyOf(KEY);
        secret.exposeCopy()[0] = 99;

        assertThat(secret.exposeCopy()).containsExactly(KEY);
    }

    @Test
    void equality_comparesContents() {
        assertThat(SecretBytes.copyOf(KEY)).isEqualTo(SecretBytes.copyOf(KEY.clone()));
        assertThat(SecretBytes.copyOf(KEY)).isNotEqualTo(SecretBytes.copyOf(new byte[8]));
        assertThat(SecretBytes.copyOf(KEY, 2, 3).exposeCopy()).containsExactly(3, 4, 5);
    }

    @Test
    void wipe_zeroesTheSecret() {
        SecretBytes secret = SecretBytes.copyOf(KEY);
        secret.wipe();

        assertThat(secret.exposeCopy()).containsOnly(0);
    }
}
