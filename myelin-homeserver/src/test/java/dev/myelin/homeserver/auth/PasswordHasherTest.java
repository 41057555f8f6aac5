package dev.myelin.homeserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1_000, new SecureRandom());

    @Test
    void hash_verifiesTheSamePasswordOnly() {
        String stored = hasher.hash("correct horse ✓");

        assertThat(hasher.verify("correct horse ✓", stored)).isTrue();
        assertThat(hasher.verify("correct horse", stored)).isFalse();
    }

    @Test
    void hash_isSaltedAndRecordsItsIterations() {
        String first = hasher.hash("pw");
        String second = hasher.hash("pw");

        assertThat(first).startsWith("pbkdf2-sha256$1000$").isNotEqualTo(second);
    }

    @Test
    void hashMadeWithOtherIterations_stillVerifies() {
        String stored = new PasswordHasher(2_000, new SecureRandom()).hash("pw");

        assertThat(hasher.verify("pw", stored)).isTrue();
    }

    @Test
    void malformedStoredHash_neverMatches() {
        assertThat(hasher.verify("pw", "")).isFalse();
        assertThat(hasher.verify("pw", "pbkdf2-sha256$x$y$z")).isFalse();
        assertThat(hasher.verify("pw", "pbkdf2-sha256$0$AA$AA")).isFalse();
        assertThat(hasher.verify("pw", "bcrypt$1$AA$AA")).isFalse();
    }

    @Test
    void tokenHash_isSha256Hex() {
        assertThat(Secrets.tokenHash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
