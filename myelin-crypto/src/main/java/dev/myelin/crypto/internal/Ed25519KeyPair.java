package dev.myelin.crypto.internal;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.Ed25519Signer;
import dev.myelin.crypto.SecretBytes;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An Ed25519 key pair held as its 32-byte seed (in a {@link SecretBytes}, for pickling) and public key, signing with
 * the {@link Ed25519Engine#installed() installed engine}'s signer for that seed (made on first use, then kept: a
 * Megolm sender signs every message). Thread-safe. Never prints the seed.
 */
public final class Ed25519KeyPair {
    private final SecretBytes seed;
    private final Ed25519PublicKey publicKey;
    /** Made on first use; two racing first signers may each make one, which is harmless (same signatures). */
    private volatile Ed25519Signer signer;

    public Ed25519KeyPair(SecretBytes seed, Ed25519PublicKey publicKey) {
        this.seed = Objects.requireNonNull(seed, "seed");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    private Ed25519KeyPair(SecretBytes seed, Ed25519Signer signer) {
        this(seed, signer.publicKey());
        this.signer = signer;
    }

    public static Ed25519KeyPair generate(RandomGenerator random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        try {
            return fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The pair for this seed, its public key derived by the installed engine. */
    public static Ed25519KeyPair fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        }
        SecretBytes secret = SecretBytes.copyOf(seed);
        return new Ed25519KeyPair(secret, Ed25519Engine.installed().newSigner(secret));
    }

    public SecretBytes seed() {
        return seed;
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    public Ed25519Signature sign(byte[] message) {
        Ed25519Signer current = signer;
        if (current == null) {
            current = Ed25519Engine.installed().newSigner(seed);
            signer = current;
        }
        return current.sign(message);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519KeyPair pair && pair.seed.equals(seed) && pair.publicKey.equals(publicKey);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair[publicKey=" + publicKey + "]";
    }
}
