package dev.myelin.crypto.openssl;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.myelin.crypto.SecretBytes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One Ed25519 {@code EVP_PKEY} and the {@code EVP_MD_CTX}s bound to it. A context is bound to its key for good:
 * OpenSSL 3.0 keeps a context's {@code EVP_PKEY_CTX} (and so its key) across {@code EVP_DigestSignInit} calls, so a
 * context must never serve another key. Callers {@link #take} a context per operation and {@link #give} it back; a
 * few idle ones are kept (lock-free slots), extras made under contention are freed at once.
 *
 * <p>Freed by a {@link Cleaner} registered on the signer or verifier that owns this handle ({@link #run} frees the
 * idle contexts and the key): the owners have no close (Megolm sessions and public keys are dropped, not closed), and
 * a handle is a few hundred bytes of native memory. The owners keep themselves reachable while they use it.
 */
final class Ed25519KeyHandle implements Runnable {
    static final Cleaner CLEANER = Cleaner.create();
    private static final int IDLE_SLOTS = 4;

    private final long pkey;
    private final AtomicLongArray idle = new AtomicLongArray(IDLE_SLOTS);

    private Ed25519KeyHandle(long pkey) {
        this.pkey = pkey;
    }

    /** The private key of this seed; the native copy of the seed is wiped once OpenSSL holds the key. */
    static Ed25519KeyHandle ofSeed(SecretBytes seed) {
        if (seed.length() != 32) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes, not " + seed.length());
        }
        byte[] raw = seed.exposeCopy();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = arena.allocate(32);
            try {
                MemorySegment.copy(raw, 0, copy, JAVA_BYTE, 0, 32);
                long pkey = (long) LibCryptoEd25519.NEW_RAW_PRIVATE_KEY.invokeExact(
                        LibCryptoEd25519.EVP_PKEY_ED25519, 0L, copy.address(), 32L);
                if (pkey == 0) {
                    clearErrors();
                    throw new IllegalStateException("EVP_PKEY_new_raw_private_key failed");
                }
                return new Ed25519KeyHandle(pkey);
            } finally {
                copy.fill((byte) 0);
                Arrays.fill(raw, (byte) 0);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_PKEY_new_raw_private_key failed", e);
        }
    }

    /** The public key of these 32 bytes, or empty when OpenSSL refuses them. */
    static Optional<Ed25519KeyHandle> ofPublicKey(byte[] publicKey) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = arena.allocateFrom(JAVA_BYTE, publicKey);
            long pkey = (long) LibCryptoEd25519.NEW_RAW_PUBLIC_KEY.invokeExact(LibCryptoEd25519.EVP_PKEY_ED25519,
                    0L, copy.address(), (long) publicKey.length);
            if (pkey == 0) {
                clearErrors();
                return Optional.empty();
            }
            return Optional.of(new Ed25519KeyHandle(pkey));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_PKEY_new_raw_public_key failed", e);
        }
    }

    long pkey() {
        return pkey;
    }

    /** The 32-byte public key of this key. */
    byte[] rawPublicKey() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(32);
            MemorySegment length = arena.allocate(JAVA_LONG);
            length.set(JAVA_LONG, 0, 32L);
            if ((int) LibCryptoEd25519.GET_RAW_PUBLIC_KEY.invokeExact(pkey, out.address(), length.address()) != 1
                    || length.get(JAVA_LONG, 0) != 32) {
                clearErrors();
                throw new IllegalStateException("EVP_PKEY_get_raw_public_key failed");
            }
            return out.toArray(JAVA_BYTE);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_PKEY_get_raw_public_key failed", e);
        }
    }

    /** An idle context of this key, or a new one. */
    long take() {
        for (int i = 0; i < IDLE_SLOTS; i++) {
            long ctx = idle.getAndSet(i, 0);
            if (ctx != 0) {
                return ctx;
            }
        }
        long ctx;
        try {
            ctx = (long) LibCryptoEd25519.MD_CTX_NEW.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_MD_CTX_new failed", e);
        }
        if (ctx == 0) {
            throw new IllegalStateException("EVP_MD_CTX_new returned NULL");
        }
        return ctx;
    }

    /** Returns a context after a successful operation: kept idle, or freed when enough are. */
    void give(long ctx) {
        for (int i = 0; i < IDLE_SLOTS; i++) {
            if (idle.compareAndSet(i, 0, ctx)) {
                return;
            }
        }
        free(ctx);
    }

    /** Frees a context that failed (its state is unknown) and clears the thread's OpenSSL error queue. */
    void discard(long ctx) {
        clearErrors();
        free(ctx);
    }

    /** The cleaning action: frees the idle contexts and the key (contexts in use hold their own key reference). */
    @Override
    public void run() {
        for (int i = 0; i < IDLE_SLOTS; i++) {
            long ctx = idle.getAndSet(i, 0);
            if (ctx != 0) {
                free(ctx);
            }
        }
        try {
            LibCryptoEd25519.PKEY_FREE.invokeExact(pkey); // also cleanses a private key
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_PKEY_free failed", e);
        }
    }

    static void clearErrors() {
        try {
            LibCryptoEd25519.ERR_CLEAR_ERROR.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("ERR_clear_error failed", e);
        }
    }

    private static void free(long ctx) {
        try {
            LibCryptoEd25519.MD_CTX_FREE.invokeExact(ctx);
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_MD_CTX_free failed", e);
        }
    }

    @Override
    public String toString() {
        return "Ed25519KeyHandle"; // never the key
    }
}
