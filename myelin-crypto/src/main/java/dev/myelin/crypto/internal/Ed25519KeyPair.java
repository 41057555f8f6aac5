package dev.myelin.crypto.internal;

import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.SecretBytes;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** An Ed25519 key pair held as its 32-byte seed (in a {@link SecretBytes}) and public key. */
public record Ed25519KeyPair(SecretBytes seed, Ed25519PublicKey publicKey) {

    public static Ed25519KeyPair generate(RandomGenerator random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        try {
            return fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    public static Ed25519KeyPair fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        }
        return new Ed25519KeyPair(SecretBytes.copyOf(seed), Ed25519PublicKey.fromBytes(Primitives.ed25519PublicKey(seed)));
    }

    public Ed25519Signature sign(byte[] message) {
        byte[] secret = seed.exposeCopy();
        try {
            return Ed25519Signature.fromBytes(Primitives.ed25519Sign(secret, message));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
