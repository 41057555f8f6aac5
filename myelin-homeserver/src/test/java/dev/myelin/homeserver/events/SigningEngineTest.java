package dev.myelin.homeserver.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.Ed25519Engine;
import org.junit.jupiter.api.Test;

class SigningEngineTest {

    @Test
    void fastest_withLibCryptoInstalled_isOpenSsl() {
        assertThat(SigningEngine.fastest().name()).isEqualTo("openssl");
    }

    @Test
    void choose_whenLibCryptoCannotLoad_fallsBackToTheJdk() {
        Ed25519Engine chosen = SigningEngine.choose(() -> {
            throw new IllegalStateException("OpenSSL 3 libcrypto not found");
        });

        assertThat(chosen).isSameAs(Ed25519Engine.jdk());
    }

    @Test
    void choose_whenTheNativeModuleIsMissing_fallsBackToTheJdk() {
        Ed25519Engine chosen = SigningEngine.choose(() -> {
            throw new NoClassDefFoundError("dev/myelin/crypto/openssl/OpenSslEd25519Engine");
        });

        assertThat(chosen).isSameAs(Ed25519Engine.jdk());
    }
}
