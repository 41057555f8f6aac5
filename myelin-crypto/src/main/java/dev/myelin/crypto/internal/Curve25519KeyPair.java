package dev.myelin.crypto.internal;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.SecretBytes;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** A Curve25519 key pair; the private half stays in a {@link SecretBytes}. */
public record Curve25519KeyPair(SecretBytes privateKey, Curve25519PublicKey publicKey) {

    public static Curve25519KeyPair generate(RandomGenerator random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        try {
            return fromPrivate(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public static Curve25519KeyPair fromPrivate(byte[] privateKey) {
        if (privateKey.length != 32) {
            throw new IllegalArgumentException("Curve25519 private key must be 32 bytes");
        }
        return new Curve25519KeyPair(SecretBytes.copyOf(privateKey),
                Curve25519PublicKey.fromBytes(Primitives.x25519PublicKey(privateKey)));
    }

    /** X25519 with {@code theirs}; throws {@link InvalidKeyException} for small-order or otherwise bad keys. */
    public byte[] agree(Curve25519PublicKey theirs) throws InvalidKeyException {
        byte[] secret = privateKey.exposeCopy();
        try {
            return Primitives.x25519(secret, theirs.toBytes());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
