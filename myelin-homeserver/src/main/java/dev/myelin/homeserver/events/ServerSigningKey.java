package dev.myelin.homeserver.events;

import dev.myelin.crypto.SecretBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The server's ed25519 signing key, kept in the data directory as {@code signing.key} in Synapse's one-line format
 * ({@code ed25519 <version> <unpadded base64 seed>}), created on first start.
 */
public final class ServerSigningKey {
    public static final String FILE_NAME = "signing.key";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final String keyId;
    private final PrivateKey privateKey;
    private final String publicKeyBase64;

    private ServerSigningKey(String version, SecretBytes seed) {
        this.keyId = "ed25519:" + version;
        byte[] raw = seed.exposeCopy();
        try {
            this.privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, raw));
            this.publicKeyBase64 = B64.encodeToString(publicKey(raw));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JDK", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** A key from a 32-byte seed (tests use the specification's example seed). */
    public static ServerSigningKey fromSeed(String version, SecretBytes seed) {
        if (seed.length() != 32) {
            throw new IllegalArgumentException("an ed25519 seed is 32 bytes, not " + seed.length());
        }
        return new ServerSigningKey(version, seed);
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
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** The JDK derives the public key only while generating a pair, so generate it from the seed itself. */
    private static byte[] publicKey(byte[] seed) throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
        byte[] encoded = generator.generateKeyPair().getPublic().getEncoded();
        // X.509 SubjectPublicKeyInfo for Ed25519 is a 12-byte header then the 32-byte key.
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    @Override
    public String toString() {
        return "ServerSigningKey[" + keyId + ", public " + publicKeyBase64 + "]";
    }

    /** Hands out the seed as the generator's only randomness. */
    private static final class FixedSeed extends SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("Ed25519 key generation asked for " + bytes.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
