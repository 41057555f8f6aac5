package dev.myelin.homeserver.events;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.Ed25519Signer;
import dev.myelin.crypto.SecretBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The server's ed25519 signing key, kept in the data directory as {@code signing.key} in Synapse's one-line format
 * ({@code ed25519 <version> <unpadded base64 seed>}), created on first start. Signs with OpenSSL when libcrypto loads
 * (every event is signed, the delayed-event scheduler included), else with the JDK; the signatures are the same.
 * Thread-safe.
 */
public final class ServerSigningKey {
    public static final String FILE_NAME = "signing.key";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final String keyId;
    private final Ed25519Signer signer;
    private final String publicKeyBase64;
    private final String engineName;

    private ServerSigningKey(String version, Ed25519Signer signer, String engineName) {
        this.keyId = "ed25519:" + version;
        this.signer = signer;
        this.publicKeyBase64 = signer.publicKey().toBase64();
        this.engineName = engineName;
    }

    /** A key from a 32-byte seed (tests use the specification's example seed), signing with the fastest engine. */
    public static ServerSigningKey fromSeed(String version, SecretBytes seed) {
        return fromSeed(version, seed, SigningEngine.fastest());
    }

    /** A key from a 32-byte seed, signing with {@code engine}. */
    public static ServerSigningKey fromSeed(String version, SecretBytes seed, Ed25519Engine engine) {
        if (seed.length() != 32) {
            throw new IllegalArgumentException("an ed25519 seed is 32 bytes, not " + seed.length());
        }
        return new ServerSigningKey(version, engine.newSigner(seed), engine.name());
    }

    /** Reads the key file, or creates it (owner-readable only) with a fresh key. */
    public static ServerSigningKey loadOrCreate(Path dataDirectory, SecureRandom random) {
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                byte[] seed = new byte[32];
                random.nextBytes(seed);
                String version = "a_" + B64.encodeToString(new byte[] {(byte) random.nextInt(), (byte) random.nextInt(),
                        (byte) random.nextInt()}).replace('+', 'A').replace('/', 'B');
                Path temp = Files.createTempFile(dataDirectory, "signing", ".tmp");
                try {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // Not a POSIX file system: the data directory's own permissions have to do.
                }
                Files.writeString(temp, "ed25519 " + version + " " + B64.encodeToString(seed) + "\n");
                Arrays.fill(seed, (byte) 0);
                Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
            if (parts.length != 3 || !parts[0].equals("ed25519")) {
                throw new IllegalStateException(file + " is not an 'ed25519 <version> <seed>' key file");
            }
            return fromSeed(parts[1], SecretBytes.copyOf(Base64.getDecoder().decode(parts[2])));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /** {@code ed25519:<version>}. */
    public String keyId() {
        return keyId;
    }

    /** The public key, unpadded standard base64, as {@code /_matrix/key/v2/server} publishes it. */
    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    /** Signature over {@code message}, unpadded standard base64. */
    public String sign(byte[] message) {
        return signer.sign(message).toBase64();
    }

    /** The name of the engine that signs ({@code openssl} or {@code jdk}). */
    public String engineName() {
        return engineName;
    }

    @Override
    public String toString() {
        return "ServerSigningKey[" + keyId + ", public " + publicKeyBase64 + ", " + engineName + "]";
    }
}
