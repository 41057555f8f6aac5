package dev.myelin.homeserver.events;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.openssl.OpenSslEd25519Engine;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 engine the server signs events with: OpenSSL's (tens of microseconds a signature) when libcrypto loads,
 * else the JDK's (about a millisecond), with one log line saying why. Chosen once per process.
 */
final class SigningEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SigningEngine.class);

    private SigningEngine() {
    }

    static Ed25519Engine fastest() {
        return Holder.ENGINE;
    }

    /**
     * The engine {@code openSsl} gives, or the JDK's (logging why) when libcrypto cannot load
     * ({@link IllegalStateException}) or the native module's jar is missing from a hand-made class path
     * ({@link LinkageError}).
     */
    static Ed25519Engine choose(Supplier<? extends Ed25519Engine> openSsl) {
        try {
            Ed25519Engine engine = openSsl.get();
            LOG.debug("Signing events with {}", engine);
            return engine;
        } catch (IllegalStateException | LinkageError e) {
            LOG.warn("Signing events with the JDK's slower Ed25519: {}", e.toString());
            return Ed25519Engine.jdk();
        }
    }

    /** Class initialisation makes the choice (and logs) once, on first use. */
    private static final class Holder {
        // a lambda, not a method reference: the engine class is then resolved inside choose's try
        static final Ed25519Engine ENGINE = choose(() -> OpenSslEd25519Engine.load());
    }
}
