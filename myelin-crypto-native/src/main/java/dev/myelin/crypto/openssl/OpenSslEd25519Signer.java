package dev.myelin.crypto.openssl;

import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.Ed25519Signer;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

/**
 * Ed25519 signing with one {@code EVP_PKEY}: per signature, a context of the key is re-initialised
 * ({@code EVP_DigestSignInit}, no digest) and signs in one shot ({@code EVP_DigestSign}) straight from the caller's
 * array into a new one. Thread-safe: each concurrent signature takes its own context.
 */
final class OpenSslEd25519Signer implements Ed25519Signer {
    private final Ed25519KeyHandle key;
    private final Ed25519PublicKey publicKey;

    OpenSslEd25519Signer(Ed25519KeyHandle key) {
        this.key = key;
        this.publicKey = Ed25519PublicKey.fromBytes(key.rawPublicKey());
        Ed25519KeyHandle.CLEANER.register(this, key);
    }

    @Override
    public Ed25519Signature sign(byte[] message) {
        byte[] signature = new byte[Ed25519Signature.LENGTH];
        long[] length = {Ed25519Signature.LENGTH};
        long ctx = key.take();
        boolean signed = false;
        try {
            signed = (int) LibCryptoEd25519.DIGEST_SIGN_INIT.invokeExact(ctx, 0L, 0L, 0L, key.pkey()) == 1
                    && (int) LibCryptoEd25519.DIGEST_SIGN.invokeExact(ctx, MemorySegment.ofArray(signature),
                            MemorySegment.ofArray(length), MemorySegment.ofArray(message),
                            (long) message.length) == 1
                    && length[0] == Ed25519Signature.LENGTH;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Ed25519 signing failed in libcrypto", e);
        } finally {
            if (signed) {
                key.give(ctx);
            } else {
                key.discard(ctx);
            }
            Reference.reachabilityFence(this); // the Cleaner must not free the key while it signs
        }
        if (!signed) {
            throw new IllegalStateException("Ed25519 signing failed in libcrypto");
        }
        return Ed25519Signature.fromBytes(signature);
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public String toString() {
        return "OpenSslEd25519Signer[" + publicKey + "]";
    }
}
