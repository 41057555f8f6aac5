package dev.myelin.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK primitives Olm and Megolm are built from, over raw byte arrays. Curve25519 and Ed25519 keys are raw 32-byte
 * strings as on the wire; conversion to JDK keys goes through the fixed RFC 8410 DER prefixes.
 */
public final class Primitives {
    private static final byte[] X25519_PUBLIC_PREFIX = hex("302a300506032b656e032100");
    private static final byte[] X25519_PRIVATE_PREFIX = hex("302e020100300506032b656e04220420");
    private static final byte[] ED25519_PUBLIC_PREFIX = hex("302a300506032b6570032100");
    private static final byte[] ED25519_PRIVATE_PREFIX = hex("302e020100300506032b657004220420");
    private static final byte[] X25519_BASE_POINT = new byte[32];

    static {
        X25519_BASE_POINT[0] = 9;
    }

    private Primitives() {
    }

    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** HMAC-SHA-256; an empty key means the all-zero key, as HMAC pads keys with zeros anyway. */
    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[32] : key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    /** HKDF-SHA-256 (RFC 5869); an empty salt is the all-zero salt. */
    public static byte[] hkdfSha256(byte[] salt, byte[] ikm, byte[] info, int length) {
        byte[] prk = hmacSha256(salt, ikm);
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            block = hmacSha256(prk, block, info, new byte[] {(byte) counter});
            int take = Math.min(block.length, length - written);
            System.arraycopy(block, 0, out, written, take);
            written += take;
        }
        Arrays.fill(prk, (byte) 0);
        return out;
    }

    public static byte[] aes256CbcEncrypt(byte[] key, byte[] iv, byte[] plaintext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC unavailable", e);
        }
    }

    /** Throws {@link GeneralSecurityException} on bad padding or length; callers verify a MAC first. */
    public static byte[] aes256CbcDecrypt(byte[] key, byte[] iv, byte[] ciphertext) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(ciphertext);
    }

    /** X25519(private, public); rejects small-order (non-contributory) public keys. */
    public static byte[] x25519(byte[] privateKey, byte[] publicKey) throws InvalidKeyException {
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            PrivateKey ours = factory.generatePrivate(new PKCS8EncodedKeySpec(concat(X25519_PRIVATE_PREFIX, privateKey)));
            PublicKey theirs = factory.generatePublic(new X509EncodedKeySpec(concat(X25519_PUBLIC_PREFIX, publicKey)));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(ours);
            agreement.doPhase(theirs, true);
            byte[] shared = agreement.generateSecret();
            if (MessageDigest.isEqual(shared, new byte[32])) {
                throw new InvalidKeyException("non-contributory public key");
            }
            return shared;
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("bad Curve25519 key", e);
        }
    }

    public static byte[] x25519PublicKey(byte[] privateKey) {
        try {
            return x25519(privateKey, X25519_BASE_POINT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("base point rejected", e);
        }
    }

    /** The Ed25519 public key for a 32-byte seed (the JDK derives it only inside key generation). */
    public static byte[] ed25519PublicKey(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
            byte[] encoded = generator.generateKeyPair().getPublic().getEncoded();
            return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    public static byte[] ed25519Sign(byte[] seed, byte[] message) {
        try {
            Signature signature = ed25519Signer(seed);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    /**
     * A JDK {@link Signature} initialised for signing with the key of this 32-byte seed. It resets to that state
     * after each {@code sign()}, so it can be kept and reused (by one thread at a time).
     */
    public static Signature ed25519Signer(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        }
        byte[] encoded = concat(ED25519_PRIVATE_PREFIX, seed);
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey key = factory.generatePrivate(new PKCS8EncodedKeySpec(encoded));
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    public static boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signatureBytes) {
        if (signatureBytes.length != 64) {
            return false;
        }
        Signature signature = ed25519Verifier(publicKey);
        if (signature == null) {
            return false;
        }
        try {
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A JDK {@link Signature} initialised for verifying with this 32-byte public key, or null when the bytes are not
     * an Ed25519 point. It resets to that state after each {@code verify()} that returns (not after one that throws),
     * so it can be kept and reused (by one thread at a time): the point is decoded once.
     */
    public static Signature ed25519Verifier(byte[] publicKey) {
        if (publicKey.length != 32) {
            return null;
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PublicKey key = factory.generatePublic(new X509EncodedKeySpec(concat(ED25519_PUBLIC_PREFIX, publicKey)));
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            return signature;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    public static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
        }
        return out;
    }

    /** Hands key generation a chosen seed: the only JDK route from an Ed25519 seed to its public key. */
    private static final class FixedSeed extends SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("unexpected request for " + bytes.length + " random bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
