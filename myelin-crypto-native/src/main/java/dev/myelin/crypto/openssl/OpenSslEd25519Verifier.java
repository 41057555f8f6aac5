package dev.myelin.crypto.openssl;

import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.Ed25519Verifier;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

/**
 * Ed25519 verification with one public {@code EVP_PKEY}: per signature, a context of the key is re-initialised
 * ({@code EVP_DigestVerifyInit}) and checks in one shot ({@code EVP_DigestVerify}) straight from the caller's arrays.
 * Thread-safe: each concurrent check takes its own context.
 */
final class OpenSslEd25519Verifier implements Ed25519Verifier {
    private final Ed25519KeyHandle key;

    OpenSslEd25519Verifier(Ed25519KeyHandle key) {
        this.key = key;
        Ed25519KeyHandle.CLEANER.register(this, key);
    }

    @Override
    public boolean verify(byte[] message, Ed25519Signature signature) {
        byte[] bytes = signature.toBytes();
        long ctx = key.take();
        int result = -1; // 1 valid, 0 rejected, -1 failed (context state unknown)
        try {
            if ((int) LibCryptoEd25519.DIGEST_VERIFY_INIT.invokeExact(ctx, 0L, 0L, 0L, key.pkey()) == 1) {
                result = (int) LibCryptoEd25519.DIGEST_VERIFY.invokeExact(ctx, MemorySegment.ofArray(bytes),
                        (long) bytes.length, MemorySegment.ofArray(message), (long) message.length);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            result = -1;
        } finally {
            if (result == 1) {
                key.give(ctx);
            } else if (result == 0) {
                Ed25519KeyHandle.clearErrors(); // a rejection may queue errors; the context is re-initialised anyway
                key.give(ctx);
            } else {
                key.discard(ctx);
            }
            Reference.reachabilityFence(this);
        }
        return result == 1;
    }

    @Override
    public String toString() {
        return "OpenSslEd25519Verifier";
    }
}
